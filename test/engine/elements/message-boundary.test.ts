import { expect } from 'chai';
import type { JSONDoc } from 'zeebe-node';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import { bpmnXml, chain, end, flow, message, messageBoundary, messageCatch, receiveTask, serviceTask, start, subProcess } from '../../helpers/bpmn';
import { elementEvents, elementPath, intents, isCompleted, recordsOf, variablesOf } from '../../helpers/log';
import { readRecords, type LoggedRecord } from '../../helpers/records';
import { settle } from '../../helpers/settle';
import { activateJob, deployProcess, rejectionOf, startInstance } from '../../helpers/zeebe';

const HOUR = 3_600_000;
const NOT_FOUND = 5;

const TERMINATED = ['ELEMENT_ACTIVATING', 'ELEMENT_ACTIVATED', 'ELEMENT_TERMINATING', 'ELEMENT_TERMINATED'];
const WAITING = ['ELEMENT_ACTIVATING', 'ELEMENT_ACTIVATED'];

/** Message boundary events, and the closing of message subscriptions when their element is left. */
describe('message events: boundary events and closing subscriptions', () => {
  let t: TestEngine;
  before(async () => (t = await startTestEngine()));
  after(async () => t.stop());

  let given = 0;
  const next = () => ++given;

  /** Publishes a message and waits until the engine has handled what it caused; returns the message key. */
  async function publish(name: string, correlationKey: string, variables: Record<string, unknown> = {}, timeToLive = 0): Promise<string> {
    const response = await t.client.publishMessage({ name, correlationKey, variables: variables as JSONDoc, timeToLive });
    await settle(t);
    return String(response.key);
  }

  /** "VALUE_TYPE INTENT elementId" of the message subscription events of an instance, in log order. */
  async function subscriptionEvents(processInstanceKey: string): Promise<string[]> {
    const records = await recordsOf(t.db, processInstanceKey);
    return records
      .filter((r) => r.recordType === 'EVENT' && r.valueType === 'PROCESS_MESSAGE_SUBSCRIPTION')
      .map((r) => `${r.intent} ${r.value.elementId}`);
  }

  async function jobEvents(processInstanceKey: string): Promise<LoggedRecord[]> {
    const records = await readRecords(t.db, { valueType: 'JOB', recordType: 'EVENT', processInstanceKey });
    return records;
  }

  describe('given an interrupting message boundary event on a service task', () => {
    // start -> review (job) -> done ; boundary 'cancel_requested' (message) -> cancelled
    async function deployReview(): Promise<{ processId: string; type: string; name: string }> {
      const n = next();
      const [processId, type, name] = [`mb_review_${n}`, `mb-review-${n}`, `cancel order ${n}`];
      await deployProcess(
        t.client,
        processId,
        bpmnXml(
          processId,
          message(name, '=orderId'),
          start(),
          serviceTask('review', type),
          messageBoundary('cancel_requested', 'review', name),
          end('done'),
          end('cancelled'),
          ...chain('start', 'review', 'done'),
          flow('cancel_requested', 'cancelled'),
        ),
      );
      return { processId, type, name };
    }

    it('when the message comes, then the job is CANCELED, the task terminated and the boundary path taken with the message variables', async () => {
      const { processId, type, name } = await deployReview();
      const processInstanceKey = await startInstance(t.client, processId, { orderId: 'o-1' });
      const job = await activateJob(t.client, type);
      const [created] = (await readRecords(t.db, { valueType: 'PROCESS_MESSAGE_SUBSCRIPTION', intent: 'CREATED', processInstanceKey }));
      expect(created.value).to.include({ elementId: 'cancel_requested', correlationKey: 'o-1', interrupting: true });

      await publish(name, 'o-1', { reason: 'customer asked' });

      expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(['start', 'cancel_requested', 'cancelled']);
      expect(await intents(t.db, processInstanceKey, 'review')).to.deep.equal(TERMINATED);
      const canceled = (await jobEvents(processInstanceKey)).filter((r) => r.intent === 'CANCELED');
      expect(canceled.map((r) => r.key)).to.deep.equal([job.key]);
      expect(await variablesOf(t.db, processInstanceKey)).to.deep.equal({ orderId: 'o-1', reason: 'customer asked' });
      expect(await isCompleted(t.db, processInstanceKey)).to.equal(true);
      expect(await subscriptionEvents(processInstanceKey)).to.deep.equal(['CREATED cancel_requested', 'CORRELATED cancel_requested']);

      const rejection = await rejectionOf(t.client.completeJob({ jobKey: job.key, variables: {} }));
      expect(rejection.code, rejection.message).to.equal(NOT_FOUND);
    });

    it('when the job is completed first, then the boundary subscription is DELETED and a later message does not correlate (it stays buffered)', async () => {
      const { processId, type, name } = await deployReview();
      const processInstanceKey = await startInstance(t.client, processId, { orderId: 'o-2' });
      const job = await activateJob(t.client, type);

      await t.client.completeJob({ jobKey: job.key, variables: {} });
      await settle(t);
      expect(await subscriptionEvents(processInstanceKey)).to.deep.equal(['CREATED cancel_requested', 'DELETED cancel_requested']);
      const deleted = await readRecords(t.db, { valueType: 'MESSAGE_SUBSCRIPTION', intent: 'DELETED', processInstanceKey });
      expect(deleted, 'MESSAGE_SUBSCRIPTION DELETED').to.have.length(1);

      await publish(name, 'o-2', {}, HOUR);
      expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(['start', 'review', 'done']);
      expect(await subscriptionEvents(processInstanceKey)).to.deep.equal(['CREATED cancel_requested', 'DELETED cancel_requested']);
    });

    it('when the task has two message boundary events and one is taken, then the subscription of the other is DELETED', async () => {
      const n = next();
      const [processId, type] = [`mb_two_${n}`, `mb-two-${n}`];
      const [cancel, pause] = [`cancel ${n}`, `pause ${n}`];
      await deployProcess(
        t.client,
        processId,
        bpmnXml(
          processId,
          message(cancel, '=orderId'),
          message(pause, '=orderId'),
          start(),
          serviceTask('review', type),
          messageBoundary('on_cancel', 'review', cancel),
          messageBoundary('on_pause', 'review', pause),
          end('done'),
          end('cancelled'),
          end('paused'),
          ...chain('start', 'review', 'done'),
          flow('on_cancel', 'cancelled'),
          flow('on_pause', 'paused'),
        ),
      );
      const processInstanceKey = await startInstance(t.client, processId, { orderId: 'o-3' });

      await publish(cancel, 'o-3');
      await publish(pause, 'o-3', {}, HOUR);

      expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(['start', 'on_cancel', 'cancelled']);
      expect((await subscriptionEvents(processInstanceKey)).sort()).to.deep.equal(
        ['CREATED on_cancel', 'CREATED on_pause', 'CORRELATED on_cancel', 'DELETED on_pause'].sort(),
      );
    });
  });

  describe('given an interrupting message boundary event on a sub-process', () => {
    it('when the message comes, then everything inside is terminated (its job CANCELED, its own subscriptions DELETED) and the boundary path taken', async () => {
      const n = next();
      const [processId, type, abort, inner] = [`mb_sub_${n}`, `mb-sub-${n}`, `abort ${n}`, `inner ${n}`];
      await deployProcess(
        t.client,
        processId,
        bpmnXml(
          processId,
          message(abort, '=orderId'),
          message(inner, '=orderId'),
          start(),
          subProcess('handling', [
            start('sub_start'),
            `<bpmn:parallelGateway id="fork" />`,
            serviceTask('pack', type),
            messageCatch('await_courier', inner),
            `<bpmn:parallelGateway id="join" />`,
            end('sub_end'),
            flow('sub_start', 'fork'),
            flow('fork', 'pack'),
            flow('fork', 'await_courier'),
            flow('pack', 'join'),
            flow('await_courier', 'join'),
            flow('join', 'sub_end'),
          ]),
          messageBoundary('aborted', 'handling', abort),
          end('done'),
          end('aborted_end'),
          ...chain('start', 'handling', 'done'),
          flow('aborted', 'aborted_end'),
        ),
      );
      const processInstanceKey = await startInstance(t.client, processId, { orderId: 'o-4' });
      const job = await activateJob(t.client, type);

      await publish(abort, 'o-4', { abortedBy: 'ops' });

      expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(['start', 'sub_start', 'fork', 'aborted', 'aborted_end']);
      for (const id of ['handling', 'pack', 'await_courier']) expect(await intents(t.db, processInstanceKey, id), id).to.deep.equal(TERMINATED);
      expect((await jobEvents(processInstanceKey)).filter((r) => r.intent === 'CANCELED').map((r) => r.key)).to.deep.equal([job.key]);
      const subscriptions = await subscriptionEvents(processInstanceKey);
      expect(subscriptions).to.include.members(['CORRELATED aborted', 'DELETED await_courier']);
      expect(subscriptions.filter((s) => s.startsWith('CREATED')).length, 'every subscription closed').to.equal(
        subscriptions.filter((s) => !s.startsWith('CREATED')).length,
      );
      expect(await variablesOf(t.db, processInstanceKey)).to.include({ abortedBy: 'ops' });
      expect(await isCompleted(t.db, processInstanceKey)).to.equal(true);

      // The inner catch event's subscription is gone: its message finds nothing and stays buffered.
      await publish(inner, 'o-4', {}, HOUR);
      expect(await intents(t.db, processInstanceKey, 'await_courier')).to.deep.equal(TERMINATED);
    });
  });

  describe('given a non-interrupting message boundary event on a service task', () => {
    // start -> review (job) -> done ; non-interrupting 'reminder' (message) -> remind (job) -> reminded
    async function deployReminder(): Promise<{ processId: string; type: string; remindType: string; name: string }> {
      const n = next();
      const [processId, type, remindType, name] = [`mb_remind_${n}`, `mb-remind-review-${n}`, `mb-remind-${n}`, `reminder ${n}`];
      await deployProcess(
        t.client,
        processId,
        bpmnXml(
          processId,
          message(name, '=orderId'),
          start(),
          serviceTask('review', type),
          messageBoundary('reminder', 'review', name, false),
          serviceTask('remind', remindType),
          end('done'),
          end('reminded'),
          ...chain('start', 'review', 'done'),
          ...chain('reminder', 'remind', 'reminded'),
        ),
      );
      return { processId, type, remindType, name };
    }

    it('when the message comes, then the boundary path runs beside the task, which keeps waiting with its job', async () => {
      const { processId, type, remindType, name } = await deployReminder();
      const processInstanceKey = await startInstance(t.client, processId, { orderId: 'o-5' });
      const [created] = await readRecords(t.db, { valueType: 'PROCESS_MESSAGE_SUBSCRIPTION', intent: 'CREATED', processInstanceKey });
      expect(created.value).to.include({ elementId: 'reminder', interrupting: false });

      await publish(name, 'o-5', { nudge: 1 });

      expect(await intents(t.db, processInstanceKey, 'review')).to.deep.equal(WAITING);
      expect(await intents(t.db, processInstanceKey, 'reminder')).to.deep.equal(['ELEMENT_ACTIVATING', 'ELEMENT_ACTIVATED', 'ELEMENT_COMPLETING', 'ELEMENT_COMPLETED']);
      expect((await jobEvents(processInstanceKey)).filter((r) => r.intent === 'CANCELED')).to.have.length(0);
      await activateJob(t.client, remindType);
      const reviewJob = await activateJob(t.client, type);
      await t.client.completeJob({ jobKey: reviewJob.key, variables: {} });
      await settle(t);
      expect(await elementPath(t.db, processInstanceKey)).to.include.members(['reminder', 'review', 'done']);
    });

    it('when a second message comes, then it correlates again and the boundary path runs a second time', async () => {
      const { processId, name } = await deployReminder();
      const processInstanceKey = await startInstance(t.client, processId, { orderId: 'o-6' });

      await publish(name, 'o-6', { nudge: 1 });
      await publish(name, 'o-6', { nudge: 2 });

      const reminders = (await elementEvents(t.db, processInstanceKey, 'reminder')).filter((r) => r.intent === 'ELEMENT_COMPLETED');
      expect(reminders, 'boundary event taken twice').to.have.length(2);
      expect(new Set(reminders.map((r) => r.key)).size, 'two boundary event instances').to.equal(2);
      expect(await subscriptionEvents(processInstanceKey)).to.deep.equal(['CREATED reminder', 'CORRELATED reminder', 'CORRELATED reminder']);
      expect(await variablesOf(t.db, processInstanceKey)).to.include({ nudge: 2 });
      expect(await intents(t.db, processInstanceKey, 'review')).to.deep.equal(WAITING);
    });

    it('when the task completes, then the subscription is DELETED and the instance ends once the boundary paths ended too', async () => {
      const { processId, type, remindType, name } = await deployReminder();
      const processInstanceKey = await startInstance(t.client, processId, { orderId: 'o-7' });
      await publish(name, 'o-7');

      const reviewJob = await activateJob(t.client, type);
      await t.client.completeJob({ jobKey: reviewJob.key, variables: {} });
      await settle(t);
      expect(await subscriptionEvents(processInstanceKey)).to.deep.equal(['CREATED reminder', 'CORRELATED reminder', 'DELETED reminder']);
      expect(await isCompleted(t.db, processInstanceKey), 'completed while the reminder path runs').to.equal(false);

      await publish(name, 'o-7', {}, HOUR);
      expect((await elementEvents(t.db, processInstanceKey, 'reminder')).filter((r) => r.intent === 'ELEMENT_COMPLETED')).to.have.length(1);

      const remindJob = await activateJob(t.client, remindType);
      await t.client.completeJob({ jobKey: remindJob.key, variables: {} });
      await settle(t);
      expect(await isCompleted(t.db, processInstanceKey)).to.equal(true);
    });
  });

  describe('given an interrupting message boundary event on a receive task', () => {
    it('when the boundary message comes first, then the task and its own subscription are closed; when the task message comes first, the boundary is closed', async () => {
      const n = next();
      const [processId, reply, timeout] = [`mb_receive_${n}`, `reply ${n}`, `give up ${n}`];
      await deployProcess(
        t.client,
        processId,
        bpmnXml(
          processId,
          message(reply, '=requestId'),
          message(timeout, '=requestId'),
          start(),
          receiveTask('await_reply', reply),
          messageBoundary('given_up', 'await_reply', timeout),
          end('replied'),
          end('abandoned'),
          ...chain('start', 'await_reply', 'replied'),
          flow('given_up', 'abandoned'),
        ),
      );
      const first = await startInstance(t.client, processId, { requestId: 'r-1' });
      const second = await startInstance(t.client, processId, { requestId: 'r-2' });

      await publish(timeout, 'r-1');
      await publish(reply, 'r-2');

      expect(await elementPath(t.db, first)).to.deep.equal(['start', 'given_up', 'abandoned']);
      expect((await subscriptionEvents(first)).sort()).to.deep.equal(['CREATED await_reply', 'CREATED given_up', 'CORRELATED given_up', 'DELETED await_reply'].sort());
      expect(await elementPath(t.db, second)).to.deep.equal(['start', 'await_reply', 'replied']);
      expect((await subscriptionEvents(second)).sort()).to.deep.equal(['CREATED await_reply', 'CREATED given_up', 'CORRELATED await_reply', 'DELETED given_up'].sort());
    });
  });

  describe('given an instance waiting at a message catch event', () => {
    it('when the instance is cancelled, then both subscription records are DELETED and a later message does not correlate', async () => {
      const n = next();
      const [processId, name] = [`mb_cancel_${n}`, `never ${n}`];
      await deployProcess(t.client, processId, bpmnXml(processId, message(name, '=orderId'), start(), messageCatch('wait', name), end(), ...chain('start', 'wait', 'end')));
      const processInstanceKey = await startInstance(t.client, processId, { orderId: 'o-8' });

      await t.client.cancelProcessInstance(processInstanceKey);
      await settle(t);

      const records = (await recordsOf(t.db, processInstanceKey)).filter((r) => r.valueType.endsWith('MESSAGE_SUBSCRIPTION'));
      const described = records.map((r) => `${r.valueType} ${r.intent}`);
      expect(described.slice(0, 2)).to.have.members(['PROCESS_MESSAGE_SUBSCRIPTION CREATED', 'MESSAGE_SUBSCRIPTION CREATED']);
      expect(described.slice(2)).to.have.members(['PROCESS_MESSAGE_SUBSCRIPTION DELETED', 'MESSAGE_SUBSCRIPTION DELETED']);
      await publish(name, 'o-8', {}, HOUR);
      expect(await intents(t.db, processInstanceKey, 'wait')).to.deep.equal(TERMINATED);
      const correlated = await readRecords(t.db, { valueType: 'MESSAGE_SUBSCRIPTION', intent: 'CORRELATED', processInstanceKey });
      expect(correlated).to.have.length(0);
    });
  });
});
