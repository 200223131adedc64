import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import { bpmnXml, chain, end, start, subProcess } from '../../helpers/bpmn';
import { activateJobs, deployProcess, runInstance, startInstance } from '../../helpers/zeebe';
import { incidentsOf, isCompleted } from '../../helpers/log';
import { readRecords } from '../../helpers/records';

interface LoopOptions {
  sequential?: boolean;
  output?: boolean;
  completionCondition?: string;
  collection?: string;
}

function loop(options: LoopOptions): string {
  const output = options.output ? ' outputCollection="scores" outputElement="=score"' : '';
  const condition = options.completionCondition
    ? `<bpmn:completionCondition xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="bpmn:tFormalExpression">${options.completionCondition}</bpmn:completionCondition>`
    : '';
  return (
    `<bpmn:multiInstanceLoopCharacteristics isSequential="${options.sequential === true}"><bpmn:extensionElements>` +
    `<zeebe:loopCharacteristics inputCollection="${options.collection ?? '=experts'}" inputElement="expert"${output} />` +
    `</bpmn:extensionElements>${condition}</bpmn:multiInstanceLoopCharacteristics>`
  );
}

/** A service task of `type`, repeated for each expert. */
function reviewTask(type: string, options: LoopOptions): string {
  return `<bpmn:serviceTask id="review"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" /></bpmn:extensionElements>${loop(options)}</bpmn:serviceTask>`;
}

const reviewProcess = (id: string, options: LoopOptions) => bpmnXml(id, start(), reviewTask(`${id}-work`, options), end(), ...chain('start', 'review', 'end'));

describe('multi-instance activities', () => {
  let t: TestEngine;

  before(async () => {
    t = await startTestEngine();
  });

  after(() => t.stop());

  it('when parallel, then every item gets its own job at once, with the item and loopCounter, and outputs are collected in order', async () => {
    await deployProcess(t.client, 'mi-parallel', reviewProcess('mi-parallel', { output: true }));
    const running = runInstance(t.client, 'mi-parallel', { experts: ['li', 'wang', 'zhao'] });
    const jobs = await activateJobs(t.client, 'mi-parallel-work', { max: 10 });
    expect(jobs.map((j) => [j.variables.expert, j.variables.loopCounter])).to.have.deep.members([
      ['li', 1],
      ['wang', 2],
      ['zhao', 3],
    ]);
    // Completed out of order, collected by loopCounter.
    for (const job of [...jobs].reverse()) {
      await t.client.completeJob({ jobKey: job.key, variables: { score: Number(job.variables.loopCounter) * 10 } });
    }
    const result = await running;
    expect(result.variables.scores).to.deep.equal([10, 20, 30]);
    const bodies = await readRecords(t.db, { valueType: 'PROCESS_INSTANCE', intent: 'ELEMENT_COMPLETED' });
    expect(bodies.filter((r) => r.value.processInstanceKey === result.processInstanceKey && r.value.bpmnElementType === 'MULTI_INSTANCE_BODY')).to.have.length(1);
  });

  it('when the activity has input mappings, then they read the item and loopCounter and make local variables of each instance', async () => {
    const task =
      `<bpmn:serviceTask id="review"><bpmn:extensionElements><zeebe:taskDefinition type="mi-inputs-work" />` +
      `<zeebe:ioMapping><zeebe:input source="=expert.name" target="reviewer" /><zeebe:input source="=loopCounter * 10" target="seat" /></zeebe:ioMapping>` +
      `</bpmn:extensionElements>${loop({ output: true })}</bpmn:serviceTask>`;
    await deployProcess(t.client, 'mi-inputs', bpmnXml('mi-inputs', start(), task, end(), ...chain('start', 'review', 'end')));
    const running = runInstance(t.client, 'mi-inputs', { experts: [{ name: 'li' }, { name: 'wang' }] });
    const jobs = await activateJobs(t.client, 'mi-inputs-work', { max: 10 });
    expect(jobs.map((j) => [j.variables.reviewer, j.variables.seat])).to.have.deep.members([
      ['li', 10],
      ['wang', 20],
    ]);
    for (const job of jobs) await t.client.completeJob({ jobKey: job.key, variables: { score: job.variables.seat } });
    const result = await running;
    expect(result.variables.scores).to.deep.equal([10, 20]);
    expect(result.variables).to.not.have.property('reviewer');
  });

  it('when the task has an output mapping, then the output element is read after the mapping, from the iteration (as Zeebe)', async () => {
    const task =
      `<bpmn:serviceTask id="review"><bpmn:extensionElements><zeebe:taskDefinition type="mi-mapped-work" />` +
      `<zeebe:ioMapping><zeebe:output source="=result * 2" target="score" /></zeebe:ioMapping></bpmn:extensionElements>${loop({ output: true })}</bpmn:serviceTask>`;
    await deployProcess(t.client, 'mi-mapped', bpmnXml('mi-mapped', start(), task, end(), ...chain('start', 'review', 'end')));
    const running = runInstance(t.client, 'mi-mapped', { experts: ['li', 'wang'] });
    const jobs = await activateJobs(t.client, 'mi-mapped-work', { max: 10 });
    expect(jobs).to.have.length(2);
    for (const job of jobs) await t.client.completeJob({ jobKey: job.key, variables: { result: Number(job.variables.loopCounter) } });
    expect((await running).variables.scores).to.deep.equal([2, 4]);
  });

  it('when sequential, then the next item waits until the one before has completed', async () => {
    await deployProcess(t.client, 'mi-sequential', reviewProcess('mi-sequential', { sequential: true, output: true }));
    const running = runInstance(t.client, 'mi-sequential', { experts: ['li', 'wang'] });
    const first = await activateJobs(t.client, 'mi-sequential-work', { max: 10 });
    expect(first.map((j) => j.variables.expert)).to.deep.equal(['li']);
    await t.client.completeJob({ jobKey: first[0].key, variables: { score: 1 } });
    const second = await activateJobs(t.client, 'mi-sequential-work', { max: 10 });
    expect(second.map((j) => [j.variables.expert, j.variables.loopCounter])).to.deep.equal([['wang', 2]]);
    await t.client.completeJob({ jobKey: second[0].key, variables: { score: 2 } });
    expect((await running).variables.scores).to.deep.equal([1, 2]);
  });

  it('when the collection is empty, then the activity completes at once with an empty output collection', async () => {
    await deployProcess(t.client, 'mi-empty', reviewProcess('mi-empty', { output: true }));
    const result = await runInstance(t.client, 'mi-empty', { experts: [] });
    expect(result.variables.scores).to.deep.equal([]);
  });

  it('when the completion condition holds, then the remaining instances are terminated and the activity completes', async () => {
    await deployProcess(t.client, 'mi-enough', reviewProcess('mi-enough', { completionCondition: '=numberOfCompletedInstances >= 2' }));
    const running = runInstance(t.client, 'mi-enough', { experts: ['a', 'b', 'c'] });
    const jobs = await activateJobs(t.client, 'mi-enough-work', { max: 10 });
    expect(jobs).to.have.length(3);
    await t.client.completeJob({ jobKey: jobs[0].key, variables: {} });
    await t.client.completeJob({ jobKey: jobs[1].key, variables: {} });
    await running;
    const canceled = await readRecords(t.db, { valueType: 'JOB', intent: 'CANCELED' });
    expect(canceled.map((r) => r.key)).to.include(jobs[2].key);
  });

  it('when the input collection is not a list, then an EXTRACT_VALUE_ERROR incident names the expression', async () => {
    await deployProcess(t.client, 'mi-not-list', reviewProcess('mi-not-list', {}));
    const key = await startInstance(t.client, 'mi-not-list', { experts: 'li' });
    const [incident] = await incidentsOf(t.db, key);
    expect(incident.errorType).to.equal('EXTRACT_VALUE_ERROR');
    expect(incident.errorMessage).to.equal("Expected result of the expression 'experts' to be 'ARRAY', but was 'STRING'.");
    await t.client.setVariables({ elementInstanceKey: key, variables: { experts: [] }, local: false });
    await t.client.resolveIncident({ incidentKey: incident.key });
    await t.embedded.engine.whenIdle();
    expect(await isCompleted(t.db, key)).to.equal(true);
  });

  it('when an embedded sub-process is multi-instance, then each iteration runs the whole sub-process', async () => {
    const inner = [start('lot_start'), `<bpmn:serviceTask id="bid"><bpmn:extensionElements><zeebe:taskDefinition type="mi-lot-bid" /></bpmn:extensionElements></bpmn:serviceTask>`, end('lot_end'), ...chain('lot_start', 'bid', 'lot_end')];
    const lots = subProcess('lots', inner).replace('<bpmn:subProcess id="lots">', `<bpmn:subProcess id="lots">${loop({ collection: '=lots' })}`);
    await deployProcess(t.client, 'mi-lots', bpmnXml('mi-lots', start(), lots, end(), ...chain('start', 'lots', 'end')));
    const running = runInstance(t.client, 'mi-lots', { lots: [1, 2] });
    const jobs = await activateJobs(t.client, 'mi-lot-bid', { max: 10 });
    expect(jobs.map((j) => j.variables.expert).sort()).to.deep.equal([1, 2]);
    for (const job of jobs) await t.client.completeJob({ jobKey: job.key, variables: {} });
    await running;
  });
});
