import { expect } from 'chai';
import type { Job } from 'zeebe-node';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import { bpmnXml, chain, end, serviceTask, start } from '../../helpers/bpmn';
import { activateJobs, deployProcess, runInstance, startInstance } from '../../helpers/zeebe';
import { isCompleted } from '../../helpers/log';
import { readRecords } from '../../helpers/records';
import { settle } from '../../helpers/settle';

interface LoopOptions {
  sequential: boolean;
  completionCondition?: string;
  /**
   * Take back only `score`, by an output mapping, instead of every child variable (the default). Zeebe's
   * advice for parallel loops: a child given every variable hands back its stale copy of the collection.
   */
  mapScoreOnly?: boolean;
}

/**
 * A call activity of `childId`, once per expert, collecting each child's `score` into `scores`. The child
 * sees the parent's variables (the iteration's `expert` and `loopCounter` among them) and gives back its own.
 */
function reviewCall(childId: string, options: LoopOptions): string {
  const propagation = options.mapScoreOnly
    ? ' propagateAllChildVariables="false" /><zeebe:ioMapping><zeebe:output source="=score" target="score" /></zeebe:ioMapping'
    : ' /';
  const condition = options.completionCondition
    ? `<bpmn:completionCondition xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="bpmn:tFormalExpression">${options.completionCondition}</bpmn:completionCondition>`
    : '';
  return (
    `<bpmn:callActivity id="review"><bpmn:extensionElements><zeebe:calledElement processId="${childId}"${propagation}></bpmn:extensionElements>` +
    `<bpmn:multiInstanceLoopCharacteristics isSequential="${options.sequential}"><bpmn:extensionElements>` +
    `<zeebe:loopCharacteristics inputCollection="=experts" inputElement="expert" outputCollection="scores" outputElement="=score" />` +
    `</bpmn:extensionElements>${condition}</bpmn:multiInstanceLoopCharacteristics></bpmn:callActivity>`
  );
}

/** Deploys a child (start → a job of `<id>-work` → end) and a parent that calls it per expert; returns the job type. */
async function deployReview(t: TestEngine, id: string, options: LoopOptions): Promise<string> {
  const type = `${id}-work`;
  await deployProcess(t.client, `${id}-child`, bpmnXml(`${id}-child`, start('c_start'), serviceTask('work', type), end('c_end'), ...chain('c_start', 'work', 'c_end')));
  await deployProcess(t.client, id, bpmnXml(id, start(), reviewCall(`${id}-child`, options), end(), ...chain('start', 'review', 'end')));
  return type;
}

/** The child instances the call activity started, in the order they were created. */
async function childInstances(t: TestEngine, childId: string): Promise<Array<{ key: string; parentElementInstanceKey: string }>> {
  const records = await readRecords(t.db, { valueType: 'PROCESS_INSTANCE', intent: 'ELEMENT_ACTIVATING', recordType: 'EVENT' });
  return records
    .filter((r) => r.value.bpmnElementType === 'PROCESS' && r.value.bpmnProcessId === childId)
    .map((r) => ({ key: r.key, parentElementInstanceKey: String(r.value.parentElementInstanceKey) }));
}

const expertAndCounter = (jobs: Job[]) => jobs.map((job) => [job.variables.expert, job.variables.loopCounter]);

describe('multi-instance call activities', () => {
  let t: TestEngine;

  before(async () => {
    t = await startTestEngine();
  });

  after(() => t.stop());

  it('when parallel, then one child instance per item starts at once, each with its item and loopCounter, and outputs are collected in item order', async () => {
    const type = await deployReview(t, 'mi-call-parallel', { sequential: false, mapScoreOnly: true });

    const running = runInstance(t.client, 'mi-call-parallel', { experts: ['li', 'wang', 'zhao'] });
    const jobs = await activateJobs(t.client, type, { max: 10 });

    expect(expertAndCounter(jobs)).to.have.deep.members([
      ['li', 1],
      ['wang', 2],
      ['zhao', 3],
    ]);
    const children = await childInstances(t, 'mi-call-parallel-child');
    expect(children, 'child instances').to.have.length(3);
    expect(new Set(children.map((c) => c.parentElementInstanceKey)).size, 'each child is called by its own iteration').to.equal(3);
    // Completed last to first, collected by loopCounter.
    for (const job of [...jobs].reverse()) await t.client.completeJob({ jobKey: job.key, variables: { score: Number(job.variables.loopCounter) * 10 } });
    const result = await running;
    expect(result.variables.scores).to.deep.equal([10, 20, 30]);
    for (const child of children) expect(await isCompleted(t.db, child.key), `child ${child.key} completed`).to.equal(true);
  });

  it('when parallel and every child variable is propagated (the default), then each child hands back its copy of the collection, so only the last output survives (as Zeebe 8.3, camunda/camunda#11476)', async () => {
    const type = await deployReview(t, 'mi-call-propagated', { sequential: false });

    const running = runInstance(t.client, 'mi-call-propagated', { experts: ['li', 'wang', 'zhao'] });
    const jobs = await activateJobs(t.client, type, { max: 10 });
    expect(jobs).to.have.length(3);
    for (const job of [...jobs].sort((a, b) => Number(b.variables.loopCounter) - Number(a.variables.loopCounter))) {
      await t.client.completeJob({ jobKey: job.key, variables: { score: Number(job.variables.loopCounter) * 10 } });
    }

    // The child of loopCounter 1 completed last; the copy it handed back held no outputs yet.
    expect((await running).variables.scores).to.deep.equal([10, null, null]);
  });

  it('when sequential, then the next child instance starts only after the one before has completed, and outputs are collected in order', async () => {
    const type = await deployReview(t, 'mi-call-sequential', { sequential: true });

    const running = runInstance(t.client, 'mi-call-sequential', { experts: ['li', 'wang'] });
    const first = await activateJobs(t.client, type, { max: 10 });
    expect(expertAndCounter(first)).to.deep.equal([['li', 1]]);
    expect(await childInstances(t, 'mi-call-sequential-child'), 'children while the first runs').to.have.length(1);

    await t.client.completeJob({ jobKey: first[0].key, variables: { score: 7 } });
    const second = await activateJobs(t.client, type, { max: 10 });
    expect(expertAndCounter(second)).to.deep.equal([['wang', 2]]);
    await t.client.completeJob({ jobKey: second[0].key, variables: { score: 9 } });

    expect((await running).variables.scores).to.deep.equal([7, 9]);
    expect(await childInstances(t, 'mi-call-sequential-child')).to.have.length(2);
  });

  it('when the collection is empty, then no child instance starts and the output collection is empty', async () => {
    await deployReview(t, 'mi-call-empty', { sequential: false });

    const result = await runInstance(t.client, 'mi-call-empty', { experts: [] });

    expect(result.variables.scores).to.deep.equal([]);
    expect(await childInstances(t, 'mi-call-empty-child')).to.deep.equal([]);
  });

  it('when the completion condition holds, then the child instances still running are terminated with their iterations', async () => {
    const type = await deployReview(t, 'mi-call-enough', { sequential: false, mapScoreOnly: true, completionCondition: '=numberOfCompletedInstances >= 2' });

    const running = runInstance(t.client, 'mi-call-enough', { experts: ['a', 'b', 'c'] });
    const jobs = await activateJobs(t.client, type, { max: 10 });
    expect(jobs).to.have.length(3);
    await t.client.completeJob({ jobKey: jobs[0].key, variables: { score: 1 } });
    await t.client.completeJob({ jobKey: jobs[1].key, variables: { score: 2 } });

    const result = await running;
    // The iteration that did not finish leaves its place in the collection empty.
    const leftOut = Number(jobs[2].variables.loopCounter);
    expect(result.variables.scores).to.have.length(3);
    expect((result.variables.scores as unknown[])[leftOut - 1]).to.equal(null);
    const terminated = await readRecords(t.db, { valueType: 'PROCESS_INSTANCE', intent: 'ELEMENT_TERMINATED', recordType: 'EVENT' });
    const terminatedChildren = terminated.filter((r) => r.value.bpmnElementType === 'PROCESS' && r.value.bpmnProcessId === 'mi-call-enough-child');
    expect(terminatedChildren.map((r) => r.key)).to.deep.equal([String(jobs[2].processInstanceKey)]);
    const canceled = await readRecords(t.db, { valueType: 'JOB', intent: 'CANCELED' });
    expect(canceled.map((r) => r.key)).to.include(jobs[2].key);
  });

  it('when the parent instance is cancelled, then every running child instance is terminated', async () => {
    const type = await deployReview(t, 'mi-call-cancel', { sequential: false });
    const key = await startInstance(t.client, 'mi-call-cancel', { experts: ['a', 'b'] });
    const jobs = await activateJobs(t.client, type, { max: 10 });
    expect(jobs).to.have.length(2);

    await t.client.cancelProcessInstance(key);
    await settle(t);

    const terminated = await readRecords(t.db, { valueType: 'PROCESS_INSTANCE', intent: 'ELEMENT_TERMINATED', recordType: 'EVENT' });
    const processes = terminated.filter((r) => r.value.bpmnElementType === 'PROCESS').map((r) => r.key);
    const children = await childInstances(t, 'mi-call-cancel-child');
    expect(processes).to.include.members([key, ...children.map((c) => c.key)]);
    const canceled = (await readRecords(t.db, { valueType: 'JOB', intent: 'CANCELED' })).map((r) => r.key);
    expect(canceled).to.include.members(jobs.map((j) => j.key));
  });
});
