import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import { bpmnXml, chain, end, flow, message, messageCatch, start, timerCatch } from '../../helpers/bpmn';
import { deployProcess, rejectionOf, startInstance } from '../../helpers/zeebe';
import { elementPath, isCompleted } from '../../helpers/log';
import { advanceClock, settle } from '../../helpers/settle';
import { readRecords } from '../../helpers/records';

/** Waits for either a reply message or a one-day timeout, whichever comes first. */
const replyOrTimeout = bpmnXml(
  'reply-or-timeout',
  message('reply', '=caseId'),
  start(),
  `<bpmn:eventBasedGateway id="wait" />`,
  messageCatch('got_reply', 'reply'),
  timerCatch('one_day', 'duration', 'P1D'),
  end('answered'),
  end('timed_out'),
  flow('start', 'wait'),
  flow('wait', 'got_reply'),
  flow('wait', 'one_day'),
  ...chain('got_reply', 'answered'),
  ...chain('one_day', 'timed_out'),
);

describe('event-based gateway', () => {
  let t: TestEngine;

  before(async () => {
    t = await startTestEngine();
    await deployProcess(t.client, 'reply-or-timeout', replyOrTimeout);
  });

  after(() => t.stop());

  it('when the message comes first, then its path is taken with its variables and the timer is cancelled', async () => {
    const key = await startInstance(t.client, 'reply-or-timeout', { caseId: 'C-1' });
    await t.client.publishMessage({ name: 'reply', correlationKey: 'C-1', variables: { answer: 'yes' }, timeToLive: 0 });
    await settle(t);
    const path = await elementPath(t.db, key);
    expect(path).to.include.members(['wait', 'got_reply', 'answered']);
    expect(path).not.to.include('timed_out');
    const timers = await readRecords(t.db, { valueType: 'TIMER' });
    const mine = timers.filter((r) => r.value.processInstanceKey === key);
    expect(mine.map((r) => r.intent)).to.deep.equal(['CREATED', 'CANCELED']);
    const answer = (await readRecords(t.db, { valueType: 'VARIABLE' })).find((r) => r.value.processInstanceKey === key && r.value.name === 'answer');
    expect(answer?.value.value).to.equal('"yes"');
  });

  it('when the timer comes first, then its path is taken and the message subscription is deleted', async () => {
    const key = await startInstance(t.client, 'reply-or-timeout', { caseId: 'C-2' });
    await advanceClock(t, 24 * 3600_000);
    expect(await isCompleted(t.db, key)).to.equal(true);
    const path = await elementPath(t.db, key);
    expect(path).to.include.members(['one_day', 'timed_out']);
    expect(path).not.to.include('answered');
    const deleted = (await readRecords(t.db, { valueType: 'PROCESS_MESSAGE_SUBSCRIPTION', intent: 'DELETED' })).filter(
      (r) => r.value.processInstanceKey === key,
    );
    expect(deleted).to.have.length(1);
  });

  it('when a flow after the gateway leads to something other than a timer or message catch event, then the deployment is refused', async () => {
    const xml = bpmnXml('bad-event-gateway', start(), `<bpmn:eventBasedGateway id="wait" />`, end('a'), end('b'), flow('start', 'wait'), flow('wait', 'a'), flow('wait', 'b'));
    const rejection = await rejectionOf(t.client.deployResource({ process: Buffer.from(xml), name: 'bad-event-gateway.bpmn' }));
    expect(rejection.code).to.equal(3);
    expect(rejection.message).to.include("'wait'");
  });
});
