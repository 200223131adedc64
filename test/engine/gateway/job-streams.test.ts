import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import { bpmnXml, chain, end, serviceTask, start } from '../../helpers/bpmn';
import { Code, expectGrpcError } from '../../helpers/grpc-errors';
import { openRawGateway, type OpenStream, type RawGateway } from '../../helpers/raw-gateway';
import { readRecords } from '../../helpers/records';
import { advanceClock, settle } from '../../helpers/settle';

/** One process per job type, so that the tests of this file never take each other's jobs. */
const processFor = (jobType: string) =>
  bpmnXml(`js-${jobType}`, start(), serviceTask('task', jobType, { headers: { desk: 'east' } }), end(), ...chain('start', 'task', 'end'));

describe('gateway: StreamActivatedJobs (job push)', () => {
  let t: TestEngine;
  let raw: RawGateway;
  const streams: Array<OpenStream<any>> = [];

  const startInstance = async (jobType: string, variables: Record<string, any> = {}) =>
    (await t.client.createProcessInstance({ bpmnProcessId: `js-${jobType}`, variables })).processInstanceKey;
  /** Opens a stream and returns once the gateway holds it (see RawGateway.openStream). */
  const openStream = async (type: string, extra: Record<string, unknown> = {}) => {
    const stream = raw.openStream('StreamActivatedJobs', { type, worker: 'pushed-worker', timeout: 60_000, fetchVariable: [], ...extra });
    streams.push(stream);
    await raw.call('Topology', {});
    return stream;
  };

  before(async () => {
    t = await startTestEngine();
    raw = openRawGateway(t.embedded.address);
    for (const type of ['one', 'shared', 'first', 'backlog', 'again', 'cancelled', 'invalid']) {
      await t.client.deployResource({ process: Buffer.from(processFor(type)), name: `js-${type}.bpmn` });
    }
  });
  afterEach(() => {
    for (const stream of streams.splice(0)) stream.cancel();
  });
  after(async () => {
    raw.close();
    await t.stop();
  });

  it('when a worker streams a type and a job of it is created, then the job arrives activated for that worker, its activation is in the log, and completing it ends the instance', async () => {
    const stream = await openStream('one');
    const instanceKey = await startInstance('one', { amount: 7 });

    const [job] = await stream.received(1);

    expect(job).to.include({ type: 'one', processInstanceKey: instanceKey, worker: 'pushed-worker', elementId: 'task', retries: 3 });
    expect(Number(job.deadline)).to.equal(t.clock.now() + 60_000);
    expect(JSON.parse(job.variables)).to.deep.equal({ amount: 7 });
    expect(JSON.parse(job.customHeaders)).to.deep.equal({ desk: 'east' });
    const activations = (await readRecords(t.db, { valueType: 'JOB_BATCH', intent: 'ACTIVATED' })).filter((r) => r.value.type === 'one');
    expect(activations.map((r) => r.value.jobKeys)).to.deep.equal([[job.key]]);
    await t.client.completeJob({ jobKey: job.key, variables: {} });
    await settle(t);
    const ends = await readRecords(t.db, { valueType: 'PROCESS_INSTANCE', intent: 'ELEMENT_COMPLETED', processInstanceKey: instanceKey });
    expect(ends.map((r) => r.value.bpmnElementType)).to.include('PROCESS');
  });

  it('when two streams are open for a type, then the jobs are shared out between them in turn, none twice', async () => {
    const left = await openStream('shared');
    const right = await openStream('shared');
    for (let i = 0; i < 4; i++) await startInstance('shared');

    const [fromLeft, fromRight] = await Promise.all([left.received(2), right.received(2)]);

    const keys = [...fromLeft, ...fromRight].map((job) => job.key);
    expect(new Set(keys).size).to.equal(4);
  });

  it('when a stream and a parked ActivateJobs request wait for the same type, then the new job goes to the stream and the request ends empty', async () => {
    const stream = await openStream('first');
    const polling = raw.activateJobs({ type: 'first', timeout: 60_000, maxJobsToActivate: 5, requestTimeout: 300 });
    await raw.call('Topology', {});
    const instanceKey = await startInstance('first');

    const [pushed] = await stream.received(1);

    expect(pushed.processInstanceKey).to.equal(instanceKey);
    expect((await polling).jobs).to.deep.equal([]);
  });

  it('when a job was activatable before the stream opened, then it goes out with the next job pushed for its type', async () => {
    const before = await startInstance('backlog');
    const stream = await openStream('backlog');
    const after = await startInstance('backlog');

    const jobs = await stream.received(2);

    expect(jobs.map((job) => job.processInstanceKey).sort()).to.deep.equal([before, after].sort());
  });

  it('when a pushed job times out, then it is pushed again', async () => {
    const stream = await openStream('again', { timeout: 1_000 });
    await startInstance('again');
    const [first] = await stream.received(1);

    await advanceClock(t, 1_001);
    const [, again] = await stream.received(2);

    expect(again.key).to.equal(first.key);
    expect(Number(again.deadline)).to.equal(t.clock.now() + 1_000);
  });

  it('when the client cancels its stream, then jobs created afterwards stay activatable for ActivateJobs', async () => {
    const stream = await openStream('cancelled');
    stream.cancel();
    expect((await stream.ended).code).to.equal(Code.CANCELLED);
    await raw.call('Topology', {}); // the gateway has had the cancellation by the time this is answered
    const instanceKey = await startInstance('cancelled');

    const { jobs } = await raw.activateJobs({ type: 'cancelled', timeout: 60_000, maxJobsToActivate: 5, requestTimeout: -1 });

    expect(jobs.map((job) => job.processInstanceKey)).to.deep.equal([instanceKey]);
  });

  for (const [what, request, message] of [
    ['a blank type', { type: ' ', timeout: 1000 }, /job type to stream jobs of, but it was blank/],
    ['a timeout of 0', { type: 'invalid', timeout: 0 }, /greater than zero, but it was '0'/],
  ] as const) {
    it(`when a stream is asked for with ${what}, then it ends with INVALID_ARGUMENT saying what was wrong`, async () => {
      const stream = raw.openStream('StreamActivatedJobs', { worker: 'w', fetchVariable: [], ...request });
      const status = await stream.ended;
      expect(status.code).to.equal(Code.INVALID_ARGUMENT);
      expect(status.details).to.match(message);
    });
  }

  it('when the gateway stops, then an open stream ends with status OK', async () => {
    const own = await startTestEngine();
    const ownRaw = openRawGateway(own.embedded.address);
    try {
      const stream = ownRaw.openStream('StreamActivatedJobs', { type: 'any', worker: 'w', timeout: 1000, fetchVariable: [] });
      await ownRaw.call('Topology', {});
      await own.embedded.gateway.stop();
      expect((await stream.ended).code).to.equal(Code.OK);
    } finally {
      ownRaw.close();
      await own.stop();
    }
  });
});
