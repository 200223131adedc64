import { expect } from 'chai';
import type { ZBClient } from 'zeebe-node';
import { startTestEngine, type TestEngine } from '../../helpers/engine';
import { bpmnXml, chain, end, errorBoundary, flow, serviceTask, start } from '../../helpers/bpmn';
import { Code, expectGrpcError } from '../../helpers/grpc-errors';
import { openRawGateway, type RawGateway } from '../../helpers/raw-gateway';
import { readRecords } from '../../helpers/records';
import { advanceClock } from '../../helpers/settle';

const UNKNOWN_JOB = '2251799813999999';

/** start → task(type) → end */
const oneTask = (type: string) => bpmnXml(`jc-${type}`, start(), serviceTask('task', type), end(), ...chain('start', 'task', 'end'));

/** start → first → second → end: the second job shows what the first left in the instance. */
const twoTasks = (type: string) =>
  bpmnXml(`jc-${type}`, start(), serviceTask('first', type), serviceTask('second', `${type}-next`), end(), ...chain('start', 'first', 'second', 'end'));

/** start → task → end, with an error boundary on the task leading to a task of type `${type}-caught`. */
const withBoundary = (type: string, code?: string) =>
  bpmnXml(
    `jc-${type}`,
    start(),
    serviceTask('task', type),
    end(),
    errorBoundary('caught', 'task', code),
    serviceTask('after-error', `${type}-caught`),
    end('error-end'),
    ...chain('start', 'task', 'end'),
    flow('caught', 'after-error'),
    flow('after-error', 'error-end'),
  );

type Job = Awaited<ReturnType<ZBClient['activateJobs']>>[number];

describe('gateway: job commands (CompleteJob, FailJob, ThrowError, UpdateJobRetries)', () => {
  let t: TestEngine;
  let raw: RawGateway;

  before(async () => {
    t = await startTestEngine();
    raw = openRawGateway(t.embedded.address);
  });
  after(async () => {
    raw.close();
    await t.stop();
  });

  const deploy = (xml: string, type: string) => t.client.deployResource({ process: Buffer.from(xml), name: `jc-${type}.bpmn` });
  const activate = async (type: string, timeout = 60_000): Promise<Job> => {
    const jobs = await t.client.activateJobs({ type, worker: 'jc', maxJobsToActivate: 1, timeout, requestTimeout: 2_000 });
    expect(jobs, `one job of type ${type}`).to.have.length(1);
    return jobs[0];
  };
  /** Deploys the process, starts an instance and activates its (first) job. */
  const startAndActivate = async (xml: string, type: string, variables: Record<string, any> = {}) => {
    await deploy(xml, type);
    const { processInstanceKey } = await t.client.createProcessInstance({ bpmnProcessId: `jc-${type}`, variables });
    return { processInstanceKey, job: await activate(type) };
  };
  const activatableNow = async (type: string) =>
    (await raw.activateJobs({ type, timeout: 60_000, maxJobsToActivate: 10, requestTimeout: -1 })).jobs;
  const incidentsOf = (processInstanceKey: string) => readRecords(t.db, { valueType: 'INCIDENT', intent: 'CREATED', processInstanceKey });

  describe('CompleteJob', () => {
    it('when a job is completed with variables, then they are merged into the instance: new names added, existing ones updated', async () => {
      const { job } = await startAndActivate(twoTasks('merge'), 'merge', { a: 1, b: 1 });

      await t.client.completeJob({ jobKey: job.key, variables: { b: 2, c: 3 } });

      const next = await activate('merge-next');
      expect(next.variables).to.deep.equal({ a: 1, b: 2, c: 3 });
      expect(await readRecords(t.db, { valueType: 'JOB', intent: 'COMPLETED', key: job.key })).to.have.length(1);
    });

    it("when a job is completed twice, then the second is NOT_FOUND 'Command 'COMPLETE' rejected with code 'NOT_FOUND': Expected to complete job …'", async () => {
      const { job } = await startAndActivate(oneTask('twice'), 'twice');
      await t.client.completeJob({ jobKey: job.key, variables: {} });

      const details = await expectGrpcError(t.client.completeJob({ jobKey: job.key, variables: {} }), Code.NOT_FOUND);

      expect(details.startsWith(`Command 'COMPLETE' rejected with code 'NOT_FOUND': Expected to complete job with key '${job.key}'`), details).to.equal(true);
      const rejections = await readRecords(t.db, { valueType: 'JOB', recordType: 'COMMAND_REJECTION', key: job.key });
      expect(rejections.map((r) => [r.intent, r.rejectionType])).to.deep.equal([['COMPLETE', 'NOT_FOUND']]);
    });

    it('when five workers complete the same job at once, then exactly one succeeds and the others are NOT_FOUND', async () => {
      const { job } = await startAndActivate(oneTask('race'), 'race');

      const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => t.client.completeJob({ jobKey: job.key, variables: {} })));

      expect(outcomes.filter((o) => o.status === 'fulfilled')).to.have.length(1);
      const codes = outcomes.flatMap((o) => (o.status === 'rejected' ? [(o.reason as { code: number }).code] : []));
      expect(codes).to.deep.equal([Code.NOT_FOUND, Code.NOT_FOUND, Code.NOT_FOUND, Code.NOT_FOUND]);
      expect(await readRecords(t.db, { valueType: 'JOB', intent: 'COMPLETED', key: job.key })).to.have.length(1);
    });

    it('when an unknown job is completed, then NOT_FOUND', async () => {
      const details = await expectGrpcError(t.client.completeJob({ jobKey: UNKNOWN_JOB, variables: {} }), Code.NOT_FOUND);

      expect(details).to.contain(`Expected to complete job with key '${UNKNOWN_JOB}'`);
    });

    it('when the job waits on a JOB_NO_RETRIES incident, then completing it is FAILED_PRECONDITION naming its state', async () => {
      const { job } = await startAndActivate(oneTask('complete-failed'), 'complete-failed');
      await t.client.failJob({ jobKey: job.key, retries: 0, errorMessage: 'gave up', retryBackOff: 0 });

      const details = await expectGrpcError(t.client.completeJob({ jobKey: job.key, variables: {} }), Code.FAILED_PRECONDITION);

      expect(details).to.contain(`Expected to complete job with key '${job.key}', but it is in state 'FAILED'`);
    });

    it('when the variables are not a JSON object (raw client), then INVALID_ARGUMENT and the job is still open', async () => {
      const { job } = await startAndActivate(oneTask('bad-vars'), 'bad-vars');

      await expectGrpcError(raw.call('CompleteJob', { jobKey: job.key, variables: '[1]' }), Code.INVALID_ARGUMENT);

      expect(await readRecords(t.db, { valueType: 'JOB', intent: 'COMPLETED', key: job.key })).to.have.length(0);
      await t.client.completeJob({ jobKey: job.key, variables: {} });
    });
  });

  describe('FailJob', () => {
    it('when a job fails with retries left, then JOB FAILED is logged and the job can be activated again with those retries', async () => {
      const { job } = await startAndActivate(oneTask('retry'), 'retry');

      await t.client.failJob({ jobKey: job.key, retries: 2, errorMessage: 'service down', retryBackOff: 0 });

      const [failed] = await readRecords(t.db, { valueType: 'JOB', intent: 'FAILED', key: job.key });
      expect(failed.value).to.include({ retries: 2, errorMessage: 'service down' });
      const again = await activate('retry');
      expect(again.key).to.equal(job.key);
      expect(again.retries).to.equal(2);
    });

    it('when a job fails with a retryBackOff, then it is not activatable until the clock passes the back-off', async () => {
      const { job } = await startAndActivate(oneTask('backoff'), 'backoff');

      await t.client.failJob({ jobKey: job.key, retries: 2, errorMessage: 'later', retryBackOff: 5_000 });

      expect(await activatableNow('backoff')).to.deep.equal([]);
      await advanceClock(t, 4_999);
      expect(await activatableNow('backoff')).to.deep.equal([]);
      await advanceClock(t, 2);
      expect(await readRecords(t.db, { valueType: 'JOB', intent: 'RECURRED_AFTER_BACKOFF', key: job.key })).to.have.length(1);
      expect((await activatableNow('backoff')).map((j) => j.key)).to.deep.equal([job.key]);
    });

    it('when a job fails with retries 0, then an INCIDENT with errorType JOB_NO_RETRIES is created and the job is not activatable', async () => {
      const { job, processInstanceKey } = await startAndActivate(oneTask('no-retries'), 'no-retries');

      await t.client.failJob({ jobKey: job.key, retries: 0, errorMessage: 'gave up', retryBackOff: 0 });

      const incidents = await incidentsOf(processInstanceKey);
      expect(incidents).to.have.length(1);
      expect(incidents[0].value).to.include({ errorType: 'JOB_NO_RETRIES', errorMessage: 'gave up', jobKey: job.key, elementId: 'task' });
      expect(await activatableNow('no-retries')).to.deep.equal([]);
    });

    it('when a job fails with variables, then the next activation of the job sees them', async () => {
      const { job } = await startAndActivate(oneTask('fail-vars'), 'fail-vars', { a: 1 });

      // zeebe-node 8.3.2 passes failJob's request through unchanged, so the variables go as the JSON text the proto wants.
      await t.client.failJob({ jobKey: job.key, retries: 1, errorMessage: 'x', variables: JSON.stringify({ attempt: 1 }) } as any);

      expect((await activate('fail-vars')).variables).to.deep.equal({ a: 1, attempt: 1 });
    });

    it('when an unknown job is failed, then NOT_FOUND', async () => {
      const details = await expectGrpcError(t.client.failJob({ jobKey: UNKNOWN_JOB, retries: 1, errorMessage: 'x', retryBackOff: 0 }), Code.NOT_FOUND);

      expect(details).to.contain(`Expected to fail job with key '${UNKNOWN_JOB}'`);
    });
  });

  describe('ThrowError', () => {
    it('when the error is caught by an error boundary, then the boundary path is taken and the error variables reach it', async () => {
      const { job, processInstanceKey } = await startAndActivate(withBoundary('catch', 'REJECTED'), 'catch');

      await t.client.throwError({ jobKey: job.key, errorCode: 'REJECTED', errorMessage: 'too long', variables: { reason: 'term' } });

      const next = await activate('catch-caught');
      expect(next.processInstanceKey).to.equal(processInstanceKey);
      expect(next.elementId).to.equal('after-error');
      expect(next.variables).to.deep.equal({ reason: 'term' });
      const completed = await readRecords(t.db, { valueType: 'PROCESS_INSTANCE', intent: 'ELEMENT_COMPLETED', processInstanceKey });
      expect(completed.map((r) => r.value.elementId)).to.include('caught');
      const terminated = await readRecords(t.db, { valueType: 'PROCESS_INSTANCE', intent: 'ELEMENT_TERMINATED', processInstanceKey });
      expect(terminated.map((r) => r.value.elementId)).to.deep.equal(['task']);
      expect(await readRecords(t.db, { valueType: 'JOB', intent: 'ERROR_THROWN', key: job.key })).to.have.length(1);
    });

    it('when a boundary without an error code is attached, then it catches any code', async () => {
      const { job } = await startAndActivate(withBoundary('catch-all'), 'catch-all');

      await t.client.throwError({ jobKey: job.key, errorCode: 'ANYTHING' });

      expect((await activate('catch-all-caught')).elementId).to.equal('after-error');
    });

    it('when nothing catches the error, then an incident UNHANDLED_ERROR_EVENT names the code', async () => {
      const { job, processInstanceKey } = await startAndActivate(withBoundary('uncaught', 'REJECTED'), 'uncaught');

      await t.client.throwError({ jobKey: job.key, errorCode: 'OTHER', errorMessage: 'nobody listens' });

      const incidents = await incidentsOf(processInstanceKey);
      expect(incidents).to.have.length(1);
      expect(incidents[0].value).to.include({ errorType: 'UNHANDLED_ERROR_EVENT', jobKey: job.key, elementId: 'task' });
      expect(incidents[0].value.errorMessage).to.contain("'OTHER'");
      expect(await activatableNow('uncaught-caught')).to.deep.equal([]);
    });

    it('when the UNHANDLED_ERROR_EVENT incident is resolved, then the job can be activated again', async () => {
      const { job, processInstanceKey } = await startAndActivate(oneTask('uncaught-resolve'), 'uncaught-resolve');
      await t.client.throwError({ jobKey: job.key, errorCode: 'NOBODY' });
      const [incident] = await incidentsOf(processInstanceKey);

      await t.client.resolveIncident({ incidentKey: incident.key });

      expect((await activate('uncaught-resolve')).key).to.equal(job.key);
    });

    it('when an unknown job throws an error, then NOT_FOUND', async () => {
      const details = await expectGrpcError(t.client.throwError({ jobKey: UNKNOWN_JOB, errorCode: 'X' }), Code.NOT_FOUND);

      expect(details).to.contain(`'${UNKNOWN_JOB}'`);
    });
  });

  describe('UpdateJobRetries and the JOB_NO_RETRIES incident', () => {
    it("when the incident is resolved before the retries are updated, then NOT_FOUND says 'has no retries left'", async () => {
      const { job, processInstanceKey } = await startAndActivate(oneTask('resolve-early'), 'resolve-early');
      await t.client.failJob({ jobKey: job.key, retries: 0, errorMessage: 'gave up', retryBackOff: 0 });
      const [incident] = await incidentsOf(processInstanceKey);

      const details = await expectGrpcError(t.client.resolveIncident({ incidentKey: incident.key }), Code.NOT_FOUND);

      expect(details).to.contain('has no retries left');
      expect(await activatableNow('resolve-early')).to.deep.equal([]);
    });

    it('when the retries are updated and then the incident resolved, then the job can be activated again with the new retries', async () => {
      const { job, processInstanceKey } = await startAndActivate(oneTask('update-then-resolve'), 'update-then-resolve');
      await t.client.failJob({ jobKey: job.key, retries: 0, errorMessage: 'gave up', retryBackOff: 0 });
      const [incident] = await incidentsOf(processInstanceKey);

      await t.client.updateJobRetries({ jobKey: job.key, retries: 2 });
      expect(await activatableNow('update-then-resolve'), 'retries alone do not resolve the incident').to.deep.equal([]);
      await t.client.resolveIncident({ incidentKey: incident.key });

      const again = await activate('update-then-resolve');
      expect(again.key).to.equal(job.key);
      expect(again.retries).to.equal(2);
      expect(await readRecords(t.db, { valueType: 'JOB', intent: 'RETRIES_UPDATED', key: job.key })).to.have.length(1);
      expect(await readRecords(t.db, { valueType: 'INCIDENT', intent: 'RESOLVED', key: incident.key })).to.have.length(1);
    });

    for (const retries of [0, -1]) {
      it(`when the retries are set to ${retries}, then INVALID_ARGUMENT names the amount and the retries stay`, async () => {
        const { job } = await startAndActivate(oneTask(`bad-retries${retries}`), `bad-retries${retries}`);

        const details = await expectGrpcError(t.client.updateJobRetries({ jobKey: job.key, retries }), Code.INVALID_ARGUMENT);

        expect(details).to.contain(`'${retries}'`);
        expect(await readRecords(t.db, { valueType: 'JOB', intent: 'RETRIES_UPDATED', key: job.key })).to.have.length(0);
      });
    }

    it('when the job is unknown, then NOT_FOUND', async () => {
      const details = await expectGrpcError(t.client.updateJobRetries({ jobKey: UNKNOWN_JOB, retries: 3 }), Code.NOT_FOUND);

      expect(details).to.contain(`'${UNKNOWN_JOB}'`);
    });
  });
});
