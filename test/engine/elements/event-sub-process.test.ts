import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import { bpmnXml, chain, definitions, end, errorEnd, flow, process, serviceTask, start } from '../../helpers/bpmn';
import { activateJob, deployProcess, rejectionOf, startInstance } from '../../helpers/zeebe';
import { elementPath, isCompleted } from '../../helpers/log';
import { advanceClock, settle } from '../../helpers/settle';
import { readRecords } from '../../helpers/records';

const timerDuration = (text: string) =>
  `<bpmn:timerEventDefinition><bpmn:timeDuration xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="bpmn:tFormalExpression">${text}</bpmn:timeDuration></bpmn:timerEventDefinition>`;

/** An event sub-process whose start event holds `definition`, then a manual task and an end event. */
function eventSubProcess(id: string, definition: string, interrupting: boolean): string {
  return (
    `<bpmn:subProcess id="${id}" triggeredByEvent="true">` +
    `<bpmn:startEvent id="${id}_start" isInterrupting="${interrupting}">${definition}</bpmn:startEvent>` +
    `<bpmn:manualTask id="${id}_handle" /><bpmn:endEvent id="${id}_end" />` +
    `<bpmn:sequenceFlow id="${id}_f1" sourceRef="${id}_start" targetRef="${id}_handle" />` +
    `<bpmn:sequenceFlow id="${id}_f2" sourceRef="${id}_handle" targetRef="${id}_end" />` +
    `</bpmn:subProcess>`
  );
}

const waitingProcess = (id: string, ...extra: string[]) =>
  bpmnXml(id, start(), serviceTask('work', `${id}-work`), end(), ...chain('start', 'work', 'end'), ...extra);

describe('event sub-processes', () => {
  let t: TestEngine;

  before(async () => {
    t = await startTestEngine();
  });

  after(() => t.stop());

  it('given an interrupting timer event sub-process, when its time comes, then the main flow is terminated and the handler completes the process', async () => {
    await deployProcess(t.client, 'esp-timer', waitingProcess('esp-timer', eventSubProcess('reminder', timerDuration('PT1H'), true)));
    const key = await startInstance(t.client, 'esp-timer');
    const job = await activateJob(t.client, 'esp-timer-work');
    await advanceClock(t, 3600_000);
    expect(await isCompleted(t.db, key)).to.equal(true);
    const path = await elementPath(t.db, key);
    expect(path).to.include.members(['reminder_start', 'reminder_handle', 'reminder']);
    expect(path).not.to.include('end');
    expect((await rejectionOf(t.client.completeJob({ jobKey: job.key, variables: {} }))).code).to.equal(5);
  });

  it('given a non-interrupting timer event sub-process, when its time comes, then the handler runs beside the main flow', async () => {
    await deployProcess(t.client, 'esp-nudge', waitingProcess('esp-nudge', eventSubProcess('nudge', timerDuration('PT1H'), false)));
    const key = await startInstance(t.client, 'esp-nudge');
    await advanceClock(t, 3600_000);
    expect(await elementPath(t.db, key)).to.include('nudge');
    expect(await isCompleted(t.db, key)).to.equal(false);
    const job = await activateJob(t.client, 'esp-nudge-work');
    await t.client.completeJob({ jobKey: job.key, variables: {} });
    await settle(t);
    expect(await isCompleted(t.db, key)).to.equal(true);
  });

  it('given an error event sub-process, when an error end event inside the process is reached, then the handler catches it', async () => {
    const xml = bpmnXml(
      'esp-error',
      start(),
      errorEnd('fail', 'REJECTED'),
      flow('start', 'fail'),
      eventSubProcess('on_rejected', '<bpmn:errorEventDefinition errorRef="err_REJECTED" />', true),
    );
    await deployProcess(t.client, 'esp-error', xml);
    const key = await startInstance(t.client, 'esp-error');
    expect(await isCompleted(t.db, key)).to.equal(true);
    expect(await elementPath(t.db, key)).to.include('on_rejected_handle');
  });

  it('given a message event sub-process, when the message arrives, then the handler runs with its variables', async () => {
    const xml = definitions(
      `<bpmn:message id="msg_cancel" name="cancel-request"><bpmn:extensionElements><zeebe:subscription correlationKey="=caseId" /></bpmn:extensionElements></bpmn:message>`,
      process(
        'esp-message',
        start(),
        serviceTask('work', 'esp-message-work'),
        end(),
        ...chain('start', 'work', 'end'),
        eventSubProcess('on_cancel', '<bpmn:messageEventDefinition messageRef="msg_cancel" />', true),
      ),
    );
    await deployProcess(t.client, 'esp-message', xml);
    const key = await startInstance(t.client, 'esp-message', { caseId: 'K-9' });
    await t.client.publishMessage({ name: 'cancel-request', correlationKey: 'K-9', variables: { why: 'duplicate' }, timeToLive: 0 });
    await settle(t);
    expect(await isCompleted(t.db, key)).to.equal(true);
    const why = (await readRecords(t.db, { valueType: 'VARIABLE' })).find((r) => r.value.processInstanceKey === key && r.value.name === 'why');
    expect(why?.value.value).to.equal('"duplicate"');
  });

  it('when the process ends normally first, then the event sub-process trigger is closed', async () => {
    await deployProcess(t.client, 'esp-closed', waitingProcess('esp-closed', eventSubProcess('late', timerDuration('PT1H'), true)));
    const key = await startInstance(t.client, 'esp-closed');
    const job = await activateJob(t.client, 'esp-closed-work');
    await t.client.completeJob({ jobKey: job.key, variables: {} });
    await settle(t);
    const timers = (await readRecords(t.db, { valueType: 'TIMER' })).filter((r) => r.value.processInstanceKey === key);
    expect(timers.map((r) => r.intent)).to.deep.equal(['CREATED', 'CANCELED']);
  });
});
