import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import { bpmnXml, chain, end, serviceTask, start } from '../../helpers/bpmn';
import { Code, expectGrpcError } from '../../helpers/grpc-errors';
import { openRawGateway, type RawGateway } from '../../helpers/raw-gateway';
import { readRecords } from '../../helpers/records';
import { advanceClock, afterNextCommand } from '../../helpers/settle';

/** One process per job type, so that the tests of this file never take each other's jobs. */
const processFor = (jobType: string) =>
  bpmnXml(`aj-${jobType}`, start(), serviceTask('task', jobType, { headers: { region: 'south' } }), end(), ...chain('start', 'task', 'end'));

describe('gateway: ActivateJobs', () => {
  let t: TestEngine;
  let raw: RawGateway;

  const deployType = (jobType: string) => t.client.deployResource({ process: Buffer.from(processFor(jobType)), name: `aj-${jobType}.bpmn` });
  const startInstance = async (jobType: string, variables: Record<string, any> = {}) =>
    (await t.client.createProcessInstance({ bpmnProcessId: `aj-${jobType}`, variables })).processInstanceKey;
  const nothingActivatable = async (type: string) =>
    expect((await raw.activateJobs({ type, timeout: 1000, maxJobsToActivate: 10, requestTimeout: -1 })).jobs).to.deep.equal([]);

  before(async () => {
    t = await startTestEngine();
    raw = openRawGateway(t.embedded.address);
    const types = ['max', 'fields', 'fetch', 'poll', 'none', 'expire', 'poll-expire', 'pair', 'poll-fail', 'worker', 'invalid', 'durable'];
    for (const type of types) await deployType(type);
  });
  after(async () => {
    raw.close();
    await t.stop();
  });

  it('when more jobs are activatable than maxJobsToActivate, then only that many are handed out and the rest stay', async () => {
    for (let i = 0; i < 3; i++) await startInstance('max');

    const first = await t.client.activateJobs({ type: 'max', worker: 'w', maxJobsToActivate: 2, timeout: 60_000, requestTimeout: 1_000 });
    const rest = await t.client.activateJobs({ type: 'max', worker: 'w', maxJobsToActivate: 10, timeout: 60_000, requestTimeout: 1_000 });

    expect(first).to.have.length(2);
    expect(rest).to.have.length(1);
    expect(new Set([...first, ...rest].map((job) => job.key)).size).to.equal(3);
    const batches = (await readRecords(t.db, { valueType: 'JOB_BATCH', intent: 'ACTIVATED' })).filter((r) => r.value.type === 'max');
    expect(batches.map((r) => r.value.jobKeys.length)).to.deep.equal([2, 1]);
  });

  it('when a job is activated, then it carries the worker name, the deadline now + timeout, its headers and its instance', async () => {
    const instanceKey = await startInstance('fields', { amount: 5 });

    const [job] = await t.client.activateJobs({ type: 'fields', worker: 'clerk-7', maxJobsToActivate: 1, timeout: 90_000, requestTimeout: 1_000 });

    expect(job.worker).to.equal('clerk-7');
    expect(Number(job.deadline)).to.equal(t.clock.now() + 90_000);
    expect(job.processInstanceKey).to.equal(instanceKey);
    expect(job).to.include({ type: 'fields', bpmnProcessId: 'aj-fields', elementId: 'task', retries: 3, processDefinitionVersion: 1 });
    expect(job.customHeaders).to.deep.equal({ region: 'south' });
    expect(job.variables).to.deep.equal({ amount: 5 });
    const [activated] = (await readRecords(t.db, { valueType: 'JOB_BATCH', intent: 'ACTIVATED' })).filter((r) => r.value.type === 'fields');
    expect(activated.value).to.include({ worker: 'clerk-7', timeout: 90_000, deadline: t.clock.now() + 90_000 });
    expect(activated.value.jobKeys).to.deep.equal([job.key]);
  });

  it('when fetchVariable names some variables, then the job carries only those; without it, all of them', async () => {
    await startInstance('fetch', { a: 1, b: { nested: true }, c: 'three' });
    await startInstance('fetch', { a: 1, b: { nested: true }, c: 'three' });

    const [picked] = await t.client.activateJobs({
      type: 'fetch',
      worker: 'w',
      maxJobsToActivate: 1,
      timeout: 60_000,
      requestTimeout: 1_000,
      fetchVariable: ['a', 'c', 'absent'],
    });
    const [all] = await t.client.activateJobs({ type: 'fetch', worker: 'w', maxJobsToActivate: 1, timeout: 60_000, requestTimeout: 1_000 });

    expect(picked.variables).to.deep.equal({ a: 1, c: 'three' });
    expect(all.variables).to.deep.equal({ a: 1, b: { nested: true }, c: 'three' });
  });

  it('when a request with requestTimeout 5000 waits before the instance exists, then it gets the job once it is created, in one answer', async () => {
    const parked = afterNextCommand(t);
    const pending = raw.activateJobs({ type: 'poll', worker: 'early-bird', timeout: 60_000, maxJobsToActivate: 5, requestTimeout: 5_000 });
    await parked;

    const instanceKey = await startInstance('poll');

    const answer = await pending;
    expect(answer.responses, 'answered once, then the stream ended').to.equal(1);
    expect(answer.jobs).to.have.length(1);
    expect(answer.jobs[0]).to.include({ processInstanceKey: instanceKey, worker: 'early-bird' });
    expect(answer.elapsedMs, 'answered when the job appeared, not at the request timeout').to.be.below(4_000);
  });

  it('when requestTimeout is -1 and there is no job, then the stream ends empty at once', async () => {
    const answer = await raw.activateJobs({ type: 'none', timeout: 60_000, maxJobsToActivate: 5, requestTimeout: -1 });

    expect(answer.jobs).to.deep.equal([]);
    expect(answer.responses).to.equal(0);
    expect(answer.elapsedMs).to.be.below(1_000);
  });

  it('when a short requestTimeout passes with no job, then the stream ends empty (a network time-out, not the engine clock)', async () => {
    const answer = await raw.activateJobs({ type: 'none', timeout: 60_000, maxJobsToActivate: 5, requestTimeout: 300 });

    expect(answer.jobs).to.deep.equal([]);
    expect(answer.elapsedMs).to.be.at.least(250);
  });

  it('when the deadline of an activated job passes, then JOB TIMED_OUT is logged and the job can be activated again', async () => {
    await startInstance('expire');
    const [job] = await t.client.activateJobs({ type: 'expire', worker: 'slow', maxJobsToActivate: 1, timeout: 10_000, requestTimeout: 1_000 });
    await nothingActivatable('expire');

    await advanceClock(t, 9_999);
    await nothingActivatable('expire');
    await advanceClock(t, 2);

    const timedOut = await readRecords(t.db, { valueType: 'JOB', intent: 'TIMED_OUT', key: job.key });
    expect(timedOut).to.have.length(1);
    const [again] = await t.client.activateJobs({ type: 'expire', worker: 'fast', maxJobsToActivate: 1, timeout: 5_000, requestTimeout: 1_000 });
    expect(again.key).to.equal(job.key);
    expect(again.worker).to.equal('fast');
    expect(Number(again.deadline)).to.equal(t.clock.now() + 5_000);
  });

  it('when a job times out while a request is parked for its type, then the parked request gets it', async () => {
    await startInstance('poll-expire');
    const [job] = await t.client.activateJobs({ type: 'poll-expire', worker: 'slow', maxJobsToActivate: 1, timeout: 10_000, requestTimeout: 1_000 });
    const parked = afterNextCommand(t);
    const pending = raw.activateJobs({ type: 'poll-expire', worker: 'waiting', timeout: 60_000, maxJobsToActivate: 1, requestTimeout: 5_000 });
    await parked;

    await advanceClock(t, 10_001);

    const answer = await pending;
    expect(answer.jobs.map((j) => j.key)).to.deep.equal([job.key]);
    expect(answer.jobs[0].worker).to.equal('waiting');
  });

  it('when two requests wait for a type and one job appears, then exactly one gets it and the other waits for the next', async () => {
    const firstParked = afterNextCommand(t);
    const first = raw.activateJobs({ type: 'pair', worker: 'one', timeout: 60_000, maxJobsToActivate: 1, requestTimeout: 5_000 });
    await firstParked;
    const secondParked = afterNextCommand(t);
    const second = raw.activateJobs({ type: 'pair', worker: 'two', timeout: 60_000, maxJobsToActivate: 1, requestTimeout: 5_000 });
    await secondParked;

    await startInstance('pair');
    const winner = await Promise.race([first, second]);
    expect(winner.jobs).to.have.length(1);
    await startInstance('pair');

    const answers = await Promise.all([first, second]);
    expect(answers.map((a) => a.jobs.length)).to.deep.equal([1, 1]);
    expect(answers[0].jobs[0].key).to.not.equal(answers[1].jobs[0].key);
  });

  it('when a job is failed with retries left while a request waits for its type, then the waiting request gets it', async () => {
    await startInstance('poll-fail');
    const [job] = await t.client.activateJobs({ type: 'poll-fail', worker: 'flaky', maxJobsToActivate: 1, timeout: 60_000, requestTimeout: 1_000 });
    const parked = afterNextCommand(t);
    const pending = raw.activateJobs({ type: 'poll-fail', worker: 'steady', timeout: 60_000, maxJobsToActivate: 1, requestTimeout: 5_000 });
    await parked;

    await t.client.failJob({ jobKey: job.key, retries: 1, errorMessage: 'flaky', retryBackOff: 0 });

    const answer = await pending;
    expect(answer.jobs.map((j) => [j.key, j.worker, j.retries])).to.deep.equal([[job.key, 'steady', 1]]);
  });

  it('when a zeebe-node worker subscribes to a type, then it gets the job and its completion ends the instance', async () => {
    const worker = t.client.createWorker({
      taskType: 'worker',
      taskHandler: (job) => job.complete({ handledBy: job.worker, seen: job.variables.input }),
      id: 'zb-worker',
      timeout: 30_000,
      loglevel: 'NONE',
    });
    try {
      const result = await t.client.createProcessInstanceWithResult({ bpmnProcessId: 'aj-worker', variables: { input: 'x' }, requestTimeout: 10_000 });

      expect(result.variables).to.deep.equal({ input: 'x', handledBy: 'zb-worker', seen: 'x' });
    } finally {
      await worker.close();
    }
  });

  describe('when the request is invalid, then INVALID_ARGUMENT names the field, as Zeebe does', () => {
    const rows: Array<[label: string, change: object, detail: string]> = [
      ['maxJobsToActivate is 0', { maxJobsToActivate: 0 }, "max jobs to activate to be greater than zero, but it was '0'"],
      ['the timeout is 0', { timeout: 0 }, "timeout to be greater than zero, but it was '0'"],
      ['the type is empty', { type: '' }, 'type to be present'],
    ];
    for (const [label, change, detail] of rows) {
      it(`when ${label}, then INVALID_ARGUMENT`, async () => {
        await startInstance('invalid');

        const details = await expectGrpcError(
          raw.activateJobs({ type: 'invalid', timeout: 60_000, maxJobsToActivate: 5, requestTimeout: 300, ...change }),
          Code.INVALID_ARGUMENT,
        );

        expect(details).to.contain(detail);
      });
    }
  });

  // Last in the file: after a restart t.client sits on a stale channel (zeebe-node stalls ~30 s), so the raw client is used.
  describe('after a restart', () => {
    it('when the engine restarts while a job is activated, then its deadline still applies', async () => {
      await startInstance('durable');
      const [job] = await t.client.activateJobs({ type: 'durable', worker: 'w', maxJobsToActivate: 1, timeout: 10_000, requestTimeout: 1_000 });

      await t.restart();

      await nothingActivatable('durable');
      await advanceClock(t, 10_001);
      expect(await readRecords(t.db, { valueType: 'JOB', intent: 'TIMED_OUT', key: job.key })).to.have.length(1);
      const again = await raw.activateJobs({ type: 'durable', timeout: 1_000, maxJobsToActivate: 1, requestTimeout: -1 });
      expect(again.jobs.map((j) => j.key)).to.deep.equal([job.key]);
    });
  });
});
