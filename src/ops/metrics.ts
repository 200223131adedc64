import type { Knex } from 'knex';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { LogRecord } from '../engine/log/record';
import type { JobObserver } from '../workers/observe-jobs';

/**
 * The application's Prometheus metrics, in a registry of its own (a test can run two applications in
 * one process). Names follow Prometheus conventions: `gx_` for this application, `_total` for counters,
 * `_seconds` for durations. The engine figures come from the engine's batch observer, so they exist only
 * with the embedded engine; a real Zeebe cluster exports its own (on the broker's port 9600).
 */
export class AppMetrics {
  readonly registry = new Registry();
  private readonly instancesStarted = this.counter('gx_process_instances_started_total', 'Process instances started, per process (embedded engine)', ['bpmn_process_id']);
  private readonly instancesCompleted = this.counter('gx_process_instances_completed_total', 'Process instances that reached their end, per process (embedded engine)', ['bpmn_process_id']);
  private readonly jobsActivated = this.counter('gx_jobs_activated_total', 'Jobs handed to this application\'s workers, per job type', ['type']);
  private readonly jobsCompleted = this.counter('gx_jobs_completed_total', 'Jobs the workers completed, per job type', ['type']);
  private readonly jobsFailed = this.counter('gx_jobs_failed_total', 'Jobs the workers failed (a retry or an incident follows), per job type', ['type']);
  private readonly jobsErrored = this.counter('gx_jobs_bpmn_errors_total', 'Jobs the workers answered with a BPMN error (a modelled business outcome), per job type', ['type']);
  private readonly jobDuration = new Histogram({
    name: 'gx_job_duration_seconds',
    help: 'From a job reaching its worker to the worker\'s answer being acknowledged, per job type and outcome',
    labelNames: ['type', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly requestDuration = new Histogram({
    name: 'gx_http_request_duration_seconds',
    help: 'Task list requests, per method, route pattern and status code',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly batchRecords = new Histogram({
    name: 'gx_engine_batch_records',
    help: 'Records appended to the log per committed batch (embedded engine)',
    buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500],
    registers: [this.registry],
  });
  private readonly commitDuration = new Histogram({
    name: 'gx_engine_commit_duration_seconds',
    help: 'Time from sending one batch of records to the log in PostgreSQL to its commit, waiting behind the batch before it included (embedded engine)',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });
  private readonly logRecords = new Gauge({ name: 'gx_engine_log_records', help: 'Records in the engine\'s log: the position of the last one (embedded engine)', registers: [this.registry] });

  constructor(options: { processMetrics?: boolean } = {}) {
    // CPU, memory, event-loop lag and handles of this Node process, under their conventional names.
    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry });
  }

  private counter(name: string, help: string, labelNames: string[]) {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  /** For the engine's `onBatchCommitted`: batch size, commit time, log size and instance starts and ends. */
  readonly batchCommitted = ({ records, commitMs }: { records: readonly LogRecord[]; commitMs: number }): void => {
    this.batchRecords.observe(records.length);
    this.commitDuration.observe(commitMs / 1000);
    if (records.length > 0) this.logRecords.set(records[records.length - 1].position);
    for (const record of records) {
      if (record.valueType !== 'PROCESS_INSTANCE' || record.recordType !== 'EVENT' || record.value.bpmnElementType !== 'PROCESS') continue;
      const labels = { bpmn_process_id: String(record.value.bpmnProcessId) };
      if (record.intent === 'ELEMENT_ACTIVATED') this.instancesStarted.inc(labels);
      else if (record.intent === 'ELEMENT_COMPLETED') this.instancesCompleted.inc(labels);
    }
  };

  /** The log's size at start, before the first batch of this run is committed. */
  logSizeAtStart(lastPosition: number): void {
    this.logRecords.set(lastPosition);
  }

  /** For the workers: activations, outcomes and how long each job took. */
  readonly jobs: JobObserver = {
    activated: (type) => this.jobsActivated.inc({ type }),
    settled: (type, outcome, seconds) => {
      ({ completed: this.jobsCompleted, failed: this.jobsFailed, error: this.jobsErrored })[outcome].inc({ type });
      this.jobDuration.observe({ type, outcome }, seconds);
    },
  };

  requestServed(method: string, route: string, status: number, seconds: number): void {
    this.requestDuration.observe({ method, route, status: String(status) }, seconds);
  }

  /** The text Prometheus scrapes. */
  exposition(): Promise<string> {
    return this.registry.metrics();
  }
}

/** Log size in bytes on disk (table and index), read at scrape time; only meaningful where the engine writes its log. */
export function logBytesGauge(metrics: AppMetrics, db: Knex): void {
  new Gauge({
    name: 'gx_engine_log_bytes',
    help: 'Size of the engine\'s log table with its indexes, in bytes (embedded engine)',
    registers: [metrics.registry],
    async collect() {
      const row = (await db.raw(`select pg_total_relation_size('engine_records') as bytes`)).rows?.[0] as { bytes: string | number } | undefined;
      if (row) this.set(Number(row.bytes));
    },
  });
}
