import { expect } from 'chai';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { ZBClient } from 'zeebe-node';
import { migrate, openDatabase } from '../../src/db';
import { createLogger } from '../../src/ops/logger';
import { AppMetrics } from '../../src/ops/metrics';
import { operationsRoutes } from '../../src/ops/operations';
import { observeJobs } from '../../src/workers/observe-jobs';
import { bpmnXml, chain, end, serviceTask, start } from '../helpers/bpmn';
import { freePort } from '../helpers/child-engine';
import { waitFor } from '../helpers/settle';
import { METRICS_TOKEN, startOpsApplication, type OpsApplication } from './ops-application';

describe('operations: /healthz, /readyz, /metrics and request ids on the task list\'s port', function () {
  this.timeout(60_000);
  let app: OpsApplication;

  before(async () => {
    app = await startOpsApplication();
  });

  after(() => app?.stop());

  it('when the database, the engine and the migrations are fine, then /healthz and /readyz answer 200', async () => {
    const live = await fetch(`${app.url}/healthz`);
    expect([live.status, await live.json()]).to.deep.equal([200, { status: 'ok' }]);
    const ready = await fetch(`${app.url}/readyz`);
    expect([ready.status, await ready.json()]).to.deep.equal([200, { status: 'ready', checks: { database: 'ok', engine: 'ok', migrations: 'ok' } }]);
  });

  it('when a migration is pending, then /readyz answers 503 naming the migrations check, and 200 again once migrated', async () => {
    await app.t.db.migrate.down({ directory: `${__dirname}/../../migrations`, loadExtensions: ['.ts'] });
    const pending = await fetch(`${app.url}/readyz`);
    const body = await pending.json();
    await migrate(app.t.db);
    expect([pending.status, body.checks]).to.deep.equal([503, { database: 'ok', engine: 'ok', migrations: 'failing' }]);
    expect(app.logText()).to.match(/readiness check 'migrations' failed: 1 migration\(s\) pending/);
    expect((await fetch(`${app.url}/readyz`)).status).to.equal(200);
  });

  it('when neither the database nor the gateway answers, then /readyz answers 503 within the check time-out, the reasons only in the log', async () => {
    const deadPort = await freePort();
    const db = openDatabase({ databaseUrl: `postgres://nobody@127.0.0.1:${deadPort}/none` });
    const client = new ZBClient(`127.0.0.1:${deadPort}`, { useTLS: false, loglevel: 'NONE', retry: false } as never);
    let logged = '';
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => void (logged += line) } });
    const server = express().use(operationsRoutes({ db, client, logger, metrics: new AppMetrics({ processMetrics: false }), checkTimeoutMs: 1_500 })).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const answer = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`);
      const body = await answer.json();
      expect([answer.status, body]).to.deep.equal([503, { status: 'not ready', checks: { database: 'failing', engine: 'failing', migrations: 'failing' } }]);
      expect(JSON.stringify(body)).not.to.include(String(deadPort));
      expect(logged).to.include("readiness check 'database' failed").and.include("readiness check 'engine' failed");
    } finally {
      server.close();
      await client.close();
      await db.destroy();
    }
  });

  it('when /metrics is asked without the token or with a wrong one, then it answers 401; without METRICS_TOKEN configured, then 404', async () => {
    expect((await fetch(`${app.url}/metrics`)).status).to.equal(401);
    expect((await fetch(`${app.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-of-some-length' } })).status).to.equal(401);
    const bare = express().use(operationsRoutes({ db: app.t.db, client: app.probe, logger: createLogger({ level: 'silent' }), metrics: new AppMetrics({ processMetrics: false }) })).listen(0, '127.0.0.1');
    await new Promise((resolve) => bare.once('listening', resolve));
    const unconfigured = await fetch(`http://127.0.0.1:${(bare.address() as AddressInfo).port}/metrics`);
    bare.close();
    expect(unconfigured.status).to.equal(404);
  });

  it('when instances run and workers complete and fail jobs, then /metrics shows instances per process, jobs per type, latencies, batches and the log size', async () => {
    const xml = bpmnXml('ops-metrics', start(), serviceTask('work', 'ops-work'), serviceTask('flaky', 'ops-flaky', { retries: '1' }), end(), ...chain('start', 'work', 'flaky', 'end'));
    await app.t.client.deployResource({ process: Buffer.from(xml), name: 'ops-metrics.bpmn' });
    const observed = observeJobs(app.t.client, app.metrics.jobs);
    let flakyCalls = 0;
    observed.createWorker({ taskType: 'ops-work', taskHandler: (job) => job.complete() });
    observed.createWorker({ taskType: 'ops-flaky', taskHandler: (job) => (++flakyCalls === 1 ? job.fail({ errorMessage: 'first try fails', retries: 1, retryBackOff: 0 }) : job.complete()) });
    await app.t.client.createProcessInstance({ bpmnProcessId: 'ops-metrics', variables: {} });
    await app.t.client.createProcessInstance({ bpmnProcessId: 'ops-metrics', variables: {} });
    await fetch(`${app.url}/healthz`);
    let text = '';
    await waitFor(async () => {
      text = await (await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
      // The engine may count an instance complete a moment before the worker hears its answer acknowledged.
      return /gx_process_instances_completed_total\{bpmn_process_id="ops-metrics"\} 2/.test(text) && /gx_jobs_completed_total\{type="ops-flaky"\} 2/.test(text);
    }, 20_000).catch(() => {
      throw new Error(`Expected two completed ops-metrics instances in /metrics, but got:\n${text}`);
    });
    expect(text).to.match(/gx_process_instances_started_total\{bpmn_process_id="ops-metrics"\} 2/);
    expect(text).to.match(/gx_jobs_activated_total\{type="ops-work"\} 2/);
    expect(text).to.match(/gx_jobs_completed_total\{type="ops-work"\} 2/);
    expect(text).to.match(/gx_jobs_failed_total\{type="ops-flaky"\} 1/);
    expect(text).to.match(/gx_jobs_completed_total\{type="ops-flaky"\} 2/);
    expect(text).to.match(/gx_job_duration_seconds_count\{type="ops-flaky",outcome="failed"\} 1/);
    expect(text).to.match(/gx_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} \d+/);
    expect(Number(/gx_engine_batch_records_count (\d+)/.exec(text)?.[1])).to.be.greaterThan(0);
    expect(Number(/gx_engine_commit_duration_seconds_count (\d+)/.exec(text)?.[1])).to.be.greaterThan(0);
    expect(Number(/gx_engine_log_records (\d+)/.exec(text)?.[1])).to.equal(app.t.embedded.engine.currentState.lastPosition);
    expect(Number(/gx_engine_log_bytes (\d+)/.exec(text)?.[1])).to.be.greaterThan(0);
  });

  it('when a request carries a plain X-Request-Id, then the answer and the log carry it; a malformed one is replaced by a new id', async () => {
    const kept = await fetch(`${app.url}/api/tasks`, { headers: { 'x-request-id': 'proxy-42.a' } });
    expect(kept.headers.get('x-request-id')).to.equal('proxy-42.a');
    await waitFor(async () => app.logText().includes('"requestId":"proxy-42.a"'));
    const replaced = await fetch(`${app.url}/healthz`, { headers: { 'x-request-id': 'evil\tid with spaces' } });
    expect(replaced.headers.get('x-request-id')).to.match(/^[0-9a-f-]{36}$/);
  });
});
