import { expect } from 'chai';
import type { JSONDoc } from 'zeebe-node';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import { bpmnXml, chain, end, message, messageCatch, messageDefinition, receiveTask, start } from '../../helpers/bpmn';
import { elementPath, incidentsOf, intents, isCompleted, recordsOf, variablesOf } from '../../helpers/log';
import { readRecords, type LoggedRecord } from '../../helpers/records';
import { advanceClock, settle } from '../../helpers/settle';
import { deployProcess, rejectionOf, startInstance } from '../../helpers/zeebe';
import { isolatedClient } from '../durability/clients';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const ALREADY_EXISTS = 6;

/**
 * Intermediate message catch events and receive tasks: correlation by name and key, buffering for the
 * time to live, at most one correlation per process, and survival of a restart.
 */
describe('message events: catch events and receive tasks', () => {
  let t: TestEngine;
  before(async () => (t = await startTestEngine()));
  after(async () => t.stop());

  let given = 0;
  /** A fresh id per test, so a message buffered by one test is never seen by another. */
  const nextId = (prefix: string) => `${prefix}_${++given}`;

  interface Publish {
    correlationKey?: string;
    variables?: Record<string, unknown>;
    timeToLive?: number;
    messageId?: string;
  }

  /** Publishes a message and waits until the engine has handled what it caused; returns the message key. */
  async function publish(name: string, options: Publish = {}, client = t.client): Promise<string> {
    const response = await client.publishMessage({
      name,
      correlationKey: options.correlationKey ?? '',
      variables: (options.variables ?? {}) as JSONDoc,
      timeToLive: options.timeToLive ?? 0,
      messageId: options.messageId,
    });
    await settle(t);
    return String(response.key);
  }

  /** The EVENT records of a value type, optionally of one intent and one process instance. */
  async function events(valueType: string, intent?: string, processInstanceKey?: string): Promise<LoggedRecord[]> {
    const records = await readRecords(t.db, { recordType: 'EVENT', valueType, intent });
    return records.filter((r) => processInstanceKey === undefined || r.value.processInstanceKey === processInstanceKey);
  }

  /** start -> wait (message catch event on `messageName`, key `correlationKey`) -> end. */
  async function deployCatch(processId: string, messageName: string, correlationKey = '=orderId'): Promise<void> {
    await deployProcess(
      t.client,
      processId,
      bpmnXml(processId, message(messageName, correlationKey), start(), messageCatch('wait', messageName), end(), ...chain('start', 'wait', 'end')),
    );
  }

  describe('given an intermediate message catch event', () => {
    it('when a message with its name and correlation key is published, then the catch event completes and the message variables are merged into the process', async () => {
      const [processId, name] = [nextId('mc_match'), nextId('order paid')];
      await deployCatch(processId, name);
      const processInstanceKey = await startInstance(t.client, processId, { orderId: 'order-1', total: 10 });
      expect(await intents(t.db, processInstanceKey, 'wait')).to.deep.equal(['ELEMENT_ACTIVATING', 'ELEMENT_ACTIVATED']);

      const messageKey = await publish(name, { correlationKey: 'order-1', variables: { paid: true, total: 12 } });

      expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(['start', 'wait', 'end']);
      expect(await isCompleted(t.db, processInstanceKey)).to.equal(true);
      expect(await variablesOf(t.db, processInstanceKey)).to.deep.equal({ orderId: 'order-1', total: 12, paid: true });
      const correlated = await events('MESSAGE_SUBSCRIPTION', 'CORRELATED', processInstanceKey);
      expect(correlated, 'MESSAGE_SUBSCRIPTION CORRELATED').to.have.length(1);
      expect(correlated[0].value).to.include({ messageKey, messageName: name, correlationKey: 'order-1', elementId: 'wait', bpmnProcessId: processId });
    });

    it('when it activates, then PROCESS_MESSAGE_SUBSCRIPTION and MESSAGE_SUBSCRIPTION are CREATED with the evaluated key, and CORRELATED on the message', async () => {
      const [processId, name] = [nextId('mc_records'), nextId('order shipped')];
      await deployCatch(processId, name);
      const processInstanceKey = await startInstance(t.client, processId, { orderId: 'order-2' });
      const created = await events('PROCESS_MESSAGE_SUBSCRIPTION', 'CREATED', processInstanceKey);
      expect(created).to.have.length(1);
      const waitActivated = (await recordsOf(t.db, processInstanceKey)).find((r) => r.value.elementId === 'wait' && r.intent === 'ELEMENT_ACTIVATED')!;
      expect(created[0].value).to.include({ messageName: name, correlationKey: 'order-2', elementId: 'wait', elementInstanceKey: waitActivated.key, interrupting: true });

      await publish(name, { correlationKey: 'order-2' });

      const subscriptionRecords = (await recordsOf(t.db, processInstanceKey)).filter((r) => r.valueType.endsWith('MESSAGE_SUBSCRIPTION'));
      const described = subscriptionRecords.map((r) => `${r.valueType} ${r.intent}`);
      expect(described.slice(0, 2)).to.have.members(['PROCESS_MESSAGE_SUBSCRIPTION CREATED', 'MESSAGE_SUBSCRIPTION CREATED']);
      expect(described.slice(2)).to.have.members(['PROCESS_MESSAGE_SUBSCRIPTION CORRELATED', 'MESSAGE_SUBSCRIPTION CORRELATED']);
      expect(new Set(subscriptionRecords.map((r) => r.key)).size, 'one subscription key throughout').to.equal(1);
    });

    type KeyRow = [expression: string, variables: Record<string, unknown>, correlationKey: string];
    const keyRows: KeyRow[] = [
      ['=orderId', { orderId: 'A-17' }, 'A-17'],
      ['=orderId', { orderId: 42 }, '42'],
      ['="order-" + string(n)', { n: 7 }, 'order-7'],
      ['=customer.id', { customer: { id: 'c-9' } }, 'c-9'],
      // Zeebe writes a number key as a long: Long.toString(number.longValue()).
      ['=amount', { amount: 12.75 }, '12'],
    ];
    for (const [expression, variables, correlationKey] of keyRows) {
      it(`when the key is ${expression} with ${JSON.stringify(variables)}, then it subscribes with the key '${correlationKey}' and that key correlates`, async () => {
        const [processId, name] = [nextId('mc_key'), nextId('keyed')];
        await deployCatch(processId, name, expression);
        const processInstanceKey = await startInstance(t.client, processId, variables);
        const [created] = await events('PROCESS_MESSAGE_SUBSCRIPTION', 'CREATED', processInstanceKey);
        expect(created.value.correlationKey).to.equal(correlationKey);

        await publish(name, { correlationKey });

        expect(await isCompleted(t.db, processInstanceKey)).to.equal(true);
      });
    }

    it('when a message with another name or another key is published, then nothing correlates and the catch event keeps waiting, until the right one comes', async () => {
      const [processId, name] = [nextId('mc_wrong'), nextId('invoice received')];
      await deployCatch(processId, name);
      const processInstanceKey = await startInstance(t.client, processId, { orderId: 'order-3' });

      await publish(`${name} (other)`, { correlationKey: 'order-3', timeToLive: HOUR });
      await publish(name, { correlationKey: 'order-4', timeToLive: HOUR });
      await publish(name.toUpperCase(), { correlationKey: 'order-3', timeToLive: HOUR });
      await publish(name, { correlationKey: 'ORDER-3', timeToLive: HOUR });

      expect(await events('MESSAGE_SUBSCRIPTION', 'CORRELATED', processInstanceKey)).to.have.length(0);
      expect(await intents(t.db, processInstanceKey, 'wait')).to.deep.equal(['ELEMENT_ACTIVATING', 'ELEMENT_ACTIVATED']);

      await publish(name, { correlationKey: 'order-3' });
      expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(['start', 'wait', 'end']);
    });

    it('when the message name is a FEEL expression, then it is evaluated as the subscription opens and only the evaluated name correlates', async () => {
      const [processId, region] = [nextId('mc_feel_name'), nextId('north')];
      const messageRefName = '="payment-" + region';
      await deployCatch(processId, messageRefName);
      const processInstanceKey = await startInstance(t.client, processId, { orderId: 'order-15', region });
      const [created] = await events('PROCESS_MESSAGE_SUBSCRIPTION', 'CREATED', processInstanceKey);
      expect(created.value.messageName).to.equal(`payment-${region}`);

      await publish(messageRefName, { correlationKey: 'order-15' });
      expect(await isCompleted(t.db, processInstanceKey), 'after a message named like the expression text').to.equal(false);
      await publish(`payment-${region}`, { correlationKey: 'order-15' });
      expect(await isCompleted(t.db, processInstanceKey)).to.equal(true);
    });

    it('when the catch event has output mappings, then the message variables stay local and only the mapped values reach the process', async () => {
      const [processId, name] = [nextId('mc_outputs'), nextId('payment')];
      const catchWithOutputs =
        `<bpmn:intermediateCatchEvent id="wait"><bpmn:extensionElements><zeebe:ioMapping><zeebe:output source="=amount" target="paidAmount" /></zeebe:ioMapping></bpmn:extensionElements>` +
        `${messageDefinition(name)}</bpmn:intermediateCatchEvent>`;
      await deployProcess(t.client, processId, bpmnXml(processId, message(name, '=orderId'), start(), catchWithOutputs, end(), ...chain('start', 'wait', 'end')));
      const processInstanceKey = await startInstance(t.client, processId, { orderId: 'order-5' });

      await publish(name, { correlationKey: 'order-5', variables: { amount: 99, currency: 'EUR' } });

      expect(await isCompleted(t.db, processInstanceKey)).to.equal(true);
      expect(await variablesOf(t.db, processInstanceKey)).to.deep.equal({ orderId: 'order-5', paidAmount: 99 });
    });
  });

  describe('given a message published before the subscription opens', () => {
    it('when its time to live is still running as the instance arrives, then the catch event completes at once with the buffered message', async () => {
      const [processId, name] = [nextId('mc_buffered'), nextId('early')];
      await deployCatch(processId, name);
      const messageKey = await publish(name, { correlationKey: 'order-6', variables: { early: true }, timeToLive: HOUR });

      const processInstanceKey = await startInstance(t.client, processId, { orderId: 'order-6' });
      await settle(t);

      expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(['start', 'wait', 'end']);
      expect(await variablesOf(t.db, processInstanceKey)).to.include({ early: true });
      const [correlated] = await events('MESSAGE_SUBSCRIPTION', 'CORRELATED', processInstanceKey);
      expect(correlated.value.messageKey).to.equal(messageKey);
    });

    it('when it was published with a time to live of 0, then it is not kept and the instance waits', async () => {
      const [processId, name] = [nextId('mc_ttl0'), nextId('fleeting')];
      await deployCatch(processId, name);
      await publish(name, { correlationKey: 'order-7', timeToLive: 0 });

      const processInstanceKey = await startInstance(t.client, processId, { orderId: 'order-7' });
      await settle(t);

      expect(await events('MESSAGE_SUBSCRIPTION', 'CORRELATED', processInstanceKey)).to.have.length(0);
      expect(await intents(t.db, processInstanceKey, 'wait')).to.deep.equal(['ELEMENT_ACTIVATING', 'ELEMENT_ACTIVATED']);
    });

    it('when the clock passes its time to live, then it is EXPIRED (not a millisecond before) and an instance arriving after no longer gets it', async () => {
      const [processId, name] = [nextId('mc_expire'), nextId('stale')];
      await deployCatch(processId, name);
      const messageKey = await publish(name, { correlationKey: 'order-8', timeToLive: 10 * MINUTE });

      await advanceClock(t, 10 * MINUTE - 1);
      expect(await readRecords(t.db, { valueType: 'MESSAGE', intent: 'EXPIRED', key: messageKey }), 'EXPIRED 1 ms early').to.have.length(0);
      await advanceClock(t, 1);
      const expired = await readRecords(t.db, { valueType: 'MESSAGE', intent: 'EXPIRED', key: messageKey, recordType: 'EVENT' });
      expect(expired, 'MESSAGE EXPIRED').to.have.length(1);
      expect(expired[0].value).to.include({ name, correlationKey: 'order-8' });

      const processInstanceKey = await startInstance(t.client, processId, { orderId: 'order-8' });
      await settle(t);
      expect(await events('MESSAGE_SUBSCRIPTION', 'CORRELATED', processInstanceKey)).to.have.length(0);
      expect(await isCompleted(t.db, processInstanceKey)).to.equal(false);
    });

    it('when an instance arrives 1 ms before the time to live ends, then it still gets the message', async () => {
      const [processId, name] = [nextId('mc_just_in_time'), nextId('late')];
      await deployCatch(processId, name);
      await publish(name, { correlationKey: 'order-9', timeToLive: MINUTE });

      await advanceClock(t, MINUTE - 1);
      const processInstanceKey = await startInstance(t.client, processId, { orderId: 'order-9' });
      await settle(t);

      expect(await isCompleted(t.db, processInstanceKey)).to.equal(true);
    });

    it('when a second instance of the same process arrives after the first took the message, then the second does not get it again', async () => {
      const [processId, name] = [nextId('mc_once_per_process'), nextId('shared')];
      await deployCatch(processId, name);
      await publish(name, { correlationKey: 'order-10', timeToLive: HOUR });

      const first = await startInstance(t.client, processId, { orderId: 'order-10' });
      const second = await startInstance(t.client, processId, { orderId: 'order-10' });
      await settle(t);

      expect(await isCompleted(t.db, first), 'first instance').to.equal(true);
      expect(await isCompleted(t.db, second), 'second instance').to.equal(false);
      expect(await events('MESSAGE_SUBSCRIPTION', 'CORRELATED', second)).to.have.length(0);
    });

    it('when two messages are buffered for the key, then instances of the process take them one each, oldest first', async () => {
      const [processId, name] = [nextId('mc_two_buffered'), nextId('queued')];
      await deployCatch(processId, name);
      const older = await publish(name, { correlationKey: 'order-11', variables: { n: 1 }, timeToLive: HOUR });
      const newer = await publish(name, { correlationKey: 'order-11', variables: { n: 2 }, timeToLive: HOUR });

      const first = await startInstance(t.client, processId, { orderId: 'order-11' });
      const second = await startInstance(t.client, processId, { orderId: 'order-11' });
      await settle(t);

      expect((await events('MESSAGE_SUBSCRIPTION', 'CORRELATED', first)).map((r) => r.value.messageKey)).to.deep.equal([older]);
      expect((await events('MESSAGE_SUBSCRIPTION', 'CORRELATED', second)).map((r) => r.value.messageKey)).to.deep.equal([newer]);
      expect(await variablesOf(t.db, second)).to.include({ n: 2 });
    });
  });

  describe('given several subscriptions waiting for the same name and key', () => {
    it('when two instances of the same process wait, then one message correlates to only one of them (the first), and a second message to the other', async () => {
      const [processId, name] = [nextId('mc_two_instances'), nextId('one for one')];
      await deployCatch(processId, name);
      const first = await startInstance(t.client, processId, { orderId: 'order-12' });
      const second = await startInstance(t.client, processId, { orderId: 'order-12' });

      await publish(name, { correlationKey: 'order-12', timeToLive: HOUR });

      expect(await isCompleted(t.db, first), 'first instance').to.equal(true);
      expect(await isCompleted(t.db, second), 'second instance').to.equal(false);
      const correlated = (await events('MESSAGE_SUBSCRIPTION', 'CORRELATED')).filter((r) => r.value.messageName === name);
      expect(correlated.map((r) => r.value.processInstanceKey), 'correlated instances').to.deep.equal([first]);

      await publish(name, { correlationKey: 'order-12' });
      expect(await isCompleted(t.db, second), 'second instance after a second message').to.equal(true);
    });

    it('when instances of two different processes wait, then one message correlates to both', async () => {
      const name = nextId('broadcast');
      const [processA, processB] = [nextId('mc_proc_a'), nextId('mc_proc_b')];
      await deployCatch(processA, name);
      await deployCatch(processB, name);
      const instanceA = await startInstance(t.client, processA, { orderId: 'order-13' });
      const instanceB = await startInstance(t.client, processB, { orderId: 'order-13' });

      const messageKey = await publish(name, { correlationKey: 'order-13', variables: { seen: 1 } });

      for (const [label, key] of [['process A', instanceA], ['process B', instanceB]]) {
        expect(await isCompleted(t.db, key), label).to.equal(true);
        expect(await variablesOf(t.db, key), label).to.include({ seen: 1 });
        expect((await events('MESSAGE_SUBSCRIPTION', 'CORRELATED', key)).map((r) => r.value.messageKey), label).to.deep.equal([messageKey]);
      }
    });
  });

  describe('given message ids', () => {
    it('when a message is published again with the same id while the first lives, then it is rejected with ALREADY_EXISTS; after it expired the id is free', async () => {
      const name = nextId('dedup');
      await publish(name, { correlationKey: 'k', messageId: 'msg-1', timeToLive: MINUTE });

      const rejection = await rejectionOf(publish(name, { correlationKey: 'k', messageId: 'msg-1', timeToLive: MINUTE }));
      expect(rejection.code, rejection.message).to.equal(ALREADY_EXISTS);
      expect(rejection.message).to.contain('msg-1');

      await publish(name, { correlationKey: 'other', messageId: 'msg-1', timeToLive: MINUTE });
      await advanceClock(t, MINUTE);
      await publish(name, { correlationKey: 'k', messageId: 'msg-1', timeToLive: MINUTE });
      const published = await readRecords(t.db, { valueType: 'MESSAGE', intent: 'PUBLISHED', recordType: 'EVENT' });
      expect(published.filter((r) => r.value.name === name)).to.have.length(3);
    });
  });

  describe('given a receive task', () => {
    it('when its message is published, then the task completes with the message variables and the instance goes on', async () => {
      const [processId, name] = [nextId('mc_receive'), nextId('goods received')];
      await deployProcess(
        t.client,
        processId,
        bpmnXml(processId, message(name, '=shipmentId'), start(), receiveTask('receive_goods', name), end(), ...chain('start', 'receive_goods', 'end')),
      );
      const processInstanceKey = await startInstance(t.client, processId, { shipmentId: 'ship-1' });
      expect(await intents(t.db, processInstanceKey, 'receive_goods')).to.deep.equal(['ELEMENT_ACTIVATING', 'ELEMENT_ACTIVATED']);
      const [created] = await events('PROCESS_MESSAGE_SUBSCRIPTION', 'CREATED', processInstanceKey);
      expect(created.value).to.include({ elementId: 'receive_goods', correlationKey: 'ship-1', messageName: name });

      await publish(name, { correlationKey: 'ship-1', variables: { pallets: 4 } });

      expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(['start', 'receive_goods', 'end']);
      expect(await variablesOf(t.db, processInstanceKey)).to.include({ pallets: 4 });
      const completed = (await recordsOf(t.db, processInstanceKey)).find((r) => r.value.elementId === 'receive_goods' && r.intent === 'ELEMENT_COMPLETED')!;
      expect(completed.value.bpmnElementType).to.equal('RECEIVE_TASK');
    });

    it('when its message was buffered before, then the task completes as soon as it activates', async () => {
      const [processId, name] = [nextId('mc_receive_buffered'), nextId('goods early')];
      await deployProcess(
        t.client,
        processId,
        bpmnXml(processId, message(name, '=shipmentId'), start(), receiveTask('receive_goods', name), end(), ...chain('start', 'receive_goods', 'end')),
      );
      await publish(name, { correlationKey: 'ship-2', timeToLive: HOUR });

      const processInstanceKey = await startInstance(t.client, processId, { shipmentId: 'ship-2' });
      await settle(t);

      expect(await elementPath(t.db, processInstanceKey)).to.deep.equal(['start', 'receive_goods', 'end']);
    });
  });

  describe('given a correlation key expression that does not give a string or a number', () => {
    type Row = [value: string, variables: Record<string, unknown>, type: string];
    const rows: Row[] = [
      ['a boolean', { orderId: true }, 'BOOLEAN'],
      ['null (no such variable)', {}, 'NULL'],
      // Zeebe's result types (io.camunda.zeebe.el.ResultType) call a list ARRAY and a context OBJECT.
      ['a list', { orderId: ['a'] }, 'ARRAY'],
      ['a context', { orderId: { id: 'a' } }, 'OBJECT'],
    ];
    for (const [value, variables, type] of rows) {
      it(`when it gives ${value}, then an EXTRACT_VALUE_ERROR incident is raised on the catch event and no subscription opens`, async () => {
        const [processId, name] = [nextId('mc_bad_key'), nextId('unkeyed')];
        await deployCatch(processId, name);
        const processInstanceKey = await startInstance(t.client, processId, variables);

        const incidents = await incidentsOf(t.db, processInstanceKey);
        expect(incidents).to.have.length(1);
        expect(incidents[0]).to.include({ errorType: 'EXTRACT_VALUE_ERROR', elementId: 'wait' });
        // Zeebe names the expression without its '=' and the result type: ... but was 'BOOLEAN'.
        expect(incidents[0].errorMessage, incidents[0].errorMessage).to.match(
          new RegExp(`^Failed to extract the correlation key for 'orderId': The value must be either a string or a number, but was '${type}'\\.`),
        );
        expect(await events('PROCESS_MESSAGE_SUBSCRIPTION', 'CREATED', processInstanceKey)).to.have.length(0);
        expect(await intents(t.db, processInstanceKey, 'wait')).to.deep.equal(['ELEMENT_ACTIVATING']);
      });
    }

    it('when the variable is fixed and the incident resolved, then the subscription opens with the new key and the message correlates', async () => {
      const [processId, name] = [nextId('mc_fixed_key'), nextId('fixed')];
      await deployCatch(processId, name);
      const processInstanceKey = await startInstance(t.client, processId, { orderId: false });
      const [incident] = await incidentsOf(t.db, processInstanceKey);

      await t.client.setVariables({ elementInstanceKey: processInstanceKey, variables: { orderId: 'order-14' }, local: false });
      await t.client.resolveIncident({ incidentKey: incident.key });
      await settle(t);
      const [created] = await events('PROCESS_MESSAGE_SUBSCRIPTION', 'CREATED', processInstanceKey);
      expect(created.value.correlationKey).to.equal('order-14');

      await publish(name, { correlationKey: 'order-14' });
      expect(await isCompleted(t.db, processInstanceKey)).to.equal(true);
    });
  });

  describe('given a restart of the engine', () => {
    it('when a message is buffered and an instance waits, then after the restart both correlate exactly once, and nothing correlates twice', async () => {
      const [processId, name] = [nextId('mc_restart'), nextId('durable')];
      await deployCatch(processId, name);
      const bufferedKey = await publish(name, { correlationKey: 'order-buffered', variables: { from: 'buffer' }, timeToLive: HOUR });
      const waiting = await startInstance(t.client, processId, { orderId: 'order-waiting' });
      const correlatedEarly = await startInstance(t.client, processId, { orderId: 'order-early' });
      await publish(name, { correlationKey: 'order-early' });
      expect(await isCompleted(t.db, correlatedEarly), 'instance correlated before the restart').to.equal(true);

      await t.restart();
      const client = isolatedClient(t.embedded.address);
      try {
        await settle(t);
        expect(await isCompleted(t.db, waiting), 'waiting instance right after the restart').to.equal(false);

        const arriving = await startInstance(client, processId, { orderId: 'order-buffered' });
        await settle(t);
        expect(await isCompleted(t.db, arriving), 'instance arriving for the buffered message').to.equal(true);
        expect(await variablesOf(t.db, arriving)).to.include({ from: 'buffer' });

        const liveKey = await publish(name, { correlationKey: 'order-waiting', variables: { from: 'live' } }, client);
        expect(await isCompleted(t.db, waiting), 'instance that waited across the restart').to.equal(true);

        const late = await startInstance(client, processId, { orderId: 'order-buffered' });
        await settle(t);
        expect(await isCompleted(t.db, late), 'a later instance does not get the buffered message again').to.equal(false);

        const correlated = (await events('MESSAGE_SUBSCRIPTION', 'CORRELATED')).filter((r) => r.value.bpmnProcessId === processId);
        expect(correlated.map((r) => `${r.value.processInstanceKey} ${r.value.messageKey}`).sort()).to.have.members([
          `${arriving} ${bufferedKey}`,
          `${waiting} ${liveKey}`,
          `${correlatedEarly} ${correlated.find((r) => r.value.processInstanceKey === correlatedEarly)?.value.messageKey}`,
        ]);
        expect(correlated).to.have.length(3);

        await advanceClock(t, HOUR);
        expect(await readRecords(t.db, { valueType: 'MESSAGE', intent: 'EXPIRED', key: bufferedKey, recordType: 'EVENT' }), 'buffered message expired once').to.have.length(1);
      } finally {
        await client.close();
      }
    });
  });
});
