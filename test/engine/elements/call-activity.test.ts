import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import { bpmnXml, chain, end, errorBoundary, errorEnd, flow, serviceTask, start } from '../../helpers/bpmn';
import { activateJob, deployProcess, rejectionOf, runInstance, startInstance } from '../../helpers/zeebe';
import { incidentsOf, isCompleted } from '../../helpers/log';
import { readRecords } from '../../helpers/records';

/** A call activity calling `processId`, with optional zeebe:calledElement flags and io mappings. */
function callActivity(id: string, processId: string, options: { attributes?: string; outputs?: Array<[string, string]> } = {}): string {
  const outputs = (options.outputs ?? []).map(([source, target]) => `<zeebe:output source="${source}" target="${target}" />`).join('');
  const io = outputs ? `<zeebe:ioMapping>${outputs}</zeebe:ioMapping>` : '';
  return (
    `<bpmn:callActivity id="${id}"><bpmn:extensionElements>` +
    `<zeebe:calledElement processId="${processId}" ${options.attributes ?? ''} />${io}` +
    `</bpmn:extensionElements></bpmn:callActivity>`
  );
}

const caller = (id: string, called: string, options?: Parameters<typeof callActivity>[2]) =>
  bpmnXml(id, start(), callActivity('call', called, options), end(), ...chain('start', 'call', 'end'));

describe('call activity', () => {
  let t: TestEngine;

  before(async () => {
    t = await startTestEngine();
  });

  after(() => t.stop());

  it('when the called process completes, then the caller goes on with the child variables merged into it', async () => {
    await deployProcess(t.client, 'ca-child', bpmnXml('ca-child', start(), serviceTask('work', 'ca-child-work'), end(), ...chain('start', 'work', 'end')));
    await deployProcess(t.client, 'ca-parent', caller('ca-parent', 'ca-child'));
    const running = runInstance(t.client, 'ca-parent', { order: 7 });
    const job = await activateJob(t.client, 'ca-child-work');
    expect(job.variables).to.deep.equal({ order: 7 });
    expect(job.bpmnProcessId).to.equal('ca-child');
    await t.client.completeJob({ jobKey: job.key, variables: { approved: true } });
    const result = await running;
    expect(result.variables).to.deep.equal({ order: 7, approved: true });
    const child = (await readRecords(t.db, { valueType: 'PROCESS_INSTANCE', intent: 'ELEMENT_ACTIVATING' })).find(
      (r) => r.value.bpmnProcessId === 'ca-child' && r.value.bpmnElementType === 'PROCESS',
    )!;
    expect(child.value.parentProcessInstanceKey).to.equal(result.processInstanceKey);
  });

  it('when propagateAllChildVariables is false and outputs map one variable, then only that variable reaches the caller', async () => {
    await deployProcess(t.client, 'ca-quiet-child', bpmnXml('ca-quiet-child', start(), serviceTask('work', 'ca-quiet-work'), end(), ...chain('start', 'work', 'end')));
    await deployProcess(
      t.client,
      'ca-quiet-parent',
      caller('ca-quiet-parent', 'ca-quiet-child', { attributes: 'propagateAllChildVariables="false"', outputs: [['=score', 'finalScore']] }),
    );
    const running = runInstance(t.client, 'ca-quiet-parent', {});
    const job = await activateJob(t.client, 'ca-quiet-work');
    await t.client.completeJob({ jobKey: job.key, variables: { score: 88, noise: 'x' } });
    expect((await running).variables).to.deep.equal({ finalScore: 88 });
  });

  it('when propagateAllParentVariables is false, then the child starts without the caller variables', async () => {
    await deployProcess(t.client, 'ca-blind-child', bpmnXml('ca-blind-child', start(), serviceTask('work', 'ca-blind-work'), end(), ...chain('start', 'work', 'end')));
    await deployProcess(t.client, 'ca-blind-parent', caller('ca-blind-parent', 'ca-blind-child', { attributes: 'propagateAllParentVariables="false"' }));
    await startInstance(t.client, 'ca-blind-parent', { secret: 'parent only' });
    const job = await activateJob(t.client, 'ca-blind-work');
    expect(job.variables).to.deep.equal({});
    await t.client.completeJob({ jobKey: job.key, variables: {} });
  });

  it('when the called process is not deployed, then a CALLED_ELEMENT_ERROR incident waits until it is and the incident is resolved', async () => {
    await deployProcess(t.client, 'ca-early-parent', caller('ca-early-parent', 'ca-late-child'));
    const key = await startInstance(t.client, 'ca-early-parent');
    const [incident] = await incidentsOf(t.db, key);
    expect(incident.errorType).to.equal('CALLED_ELEMENT_ERROR');
    expect(incident.errorMessage).to.equal("Expected process with BPMN process id 'ca-late-child' to be deployed, but not found.");
    await deployProcess(t.client, 'ca-late-child', bpmnXml('ca-late-child', start(), end(), flow('start', 'end')));
    await t.client.resolveIncident({ incidentKey: incident.key });
    await t.embedded.engine.whenIdle();
    expect(await isCompleted(t.db, key)).to.equal(true);
  });

  it('when the caller is cancelled, then the called instance is terminated and its job cancelled', async () => {
    await deployProcess(t.client, 'ca-long-child', bpmnXml('ca-long-child', start(), serviceTask('work', 'ca-long-work'), end(), ...chain('start', 'work', 'end')));
    await deployProcess(t.client, 'ca-long-parent', caller('ca-long-parent', 'ca-long-child'));
    const key = await startInstance(t.client, 'ca-long-parent');
    const job = await activateJob(t.client, 'ca-long-work');
    await t.client.cancelProcessInstance(key);
    const canceled = await readRecords(t.db, { valueType: 'JOB', intent: 'CANCELED' });
    expect(canceled.map((r) => r.key)).to.include(job.key);
    const rejection = await rejectionOf(t.client.completeJob({ jobKey: job.key, variables: {} }));
    expect(rejection.code).to.equal(5);
  });

  it('when the called instance is cancelled directly, then FAILED_PRECONDITION names the root instance to cancel instead', async () => {
    await deployProcess(t.client, 'ca-kept-child', bpmnXml('ca-kept-child', start(), serviceTask('work', 'ca-kept-work'), end(), ...chain('start', 'work', 'end')));
    await deployProcess(t.client, 'ca-kept-parent', caller('ca-kept-parent', 'ca-kept-child'));
    const key = await startInstance(t.client, 'ca-kept-parent');
    const job = await activateJob(t.client, 'ca-kept-work');
    const rejection = await rejectionOf(t.client.cancelProcessInstance(String(job.processInstanceKey)));
    expect(rejection.code).to.equal(9);
    expect(rejection.message).to.include(`Cancel the root process instance '${key}' instead.`);
  });

  it('when the called process throws an error it does not catch, then an error boundary on the call activity catches it', async () => {
    await deployProcess(t.client, 'ca-failing-child', bpmnXml('ca-failing-child', start(), errorEnd('fail', 'REJECTED'), flow('start', 'fail')));
    const parent = bpmnXml(
      'ca-catching-parent',
      start(),
      callActivity('call', 'ca-failing-child'),
      end(),
      errorBoundary('rejected', 'call', 'REJECTED'),
      end('handled'),
      ...chain('start', 'call', 'end'),
      flow('rejected', 'handled'),
    );
    await deployProcess(t.client, 'ca-catching-parent', parent);
    const result = await runInstance(t.client, 'ca-catching-parent', {});
    const completed = await readRecords(t.db, { valueType: 'PROCESS_INSTANCE', intent: 'ELEMENT_COMPLETED' });
    const path = completed.filter((r) => r.value.processInstanceKey === result.processInstanceKey).map((r) => r.value.elementId);
    expect(path).to.include('handled');
    expect(path).not.to.include('end');
  });
});
