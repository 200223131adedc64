import type { BatchEndWork, Engine } from '../engine';
import type { BpmnRuntime } from '../processing/bpmn/runtime';
import { activateJobs } from '../processing/commands/job-commands';
import { status } from '@grpc/grpc-js';
import { GatewayError, responseOf, toCallError } from './errors';
import type { StreamingCall } from './grpc-server';
import type { JobValue } from '../state/types';

/** Zeebe's default when a worker sends requestTimeout 0. */
const DEFAULT_LONG_POLL_MS = 10_000;

interface ActivateRequest {
  type: string;
  worker: string;
  timeout: string;
  maxJobsToActivate: number;
  fetchVariable: string[];
  requestTimeout: string;
}

interface Parked {
  call: StreamingCall;
  request: ActivateRequest;
  timer?: NodeJS.Timeout;
  done: boolean;
}

/**
 * ActivateJobs with long polling: a request with no job to take is parked until a job of its type appears
 * or its requestTimeout passes; it is answered once and the stream ends, as the real gateway does.
 */
export class LongPolling {
  private readonly parked = new Map<string, Parked[]>();

  constructor(private readonly engine: Engine) {
    // A parked request takes new jobs in the very batch that created them: its activation is written in the
    // same transaction, and it is answered on that commit, with no second batch and commit in between.
    engine.onBatchEnd((rt, types) => this.activateInBatch(rt, types));
    // Jobs can still become activatable outside that path (a request parked while its batch was in flight).
    engine.onJobsAvailable((types) => {
      for (const type of types) this.wake(type);
    });
  }

  async handle(call: StreamingCall): Promise<void> {
    const request: ActivateRequest = call.request;
    const invalid = validate(request);
    if (invalid) {
      call.fail(toCallError(new GatewayError(status.INVALID_ARGUMENT, invalid)));
      return;
    }
    const entry: Parked = { call, request, done: false };
    call.onCancelled(() => this.finish(entry));
    const answered = await this.tryActivate(entry);
    if (answered || entry.done) return;
    const requestTimeout = Number(request.requestTimeout);
    if (requestTimeout < 0) return this.finish(entry);
    entry.timer = setTimeout(() => this.finish(entry), requestTimeout === 0 ? DEFAULT_LONG_POLL_MS : requestTimeout);
    const waiting = this.parked.get(entry.request.type) ?? [];
    waiting.push(entry);
    this.parked.set(entry.request.type, waiting);
    if (this.engine.currentState.activatableJobs.get(entry.request.type)?.size) this.wake(entry.request.type);
  }

  /** Ends every parked request (shutdown). */
  closeAll(): void {
    for (const entries of this.parked.values()) for (const entry of entries) this.finish(entry);
  }

  /** Inside a batch (see the constructor): hands the batch's new jobs to the requests parked for their types. */
  private activateInBatch(rt: BpmnRuntime, types: ReadonlySet<string>): BatchEndWork | undefined {
    const answers: Array<{ entry: Parked; jobs: ActivatedJobs }> = [];
    for (const type of types) {
      const waiting = this.parked.get(type);
      while (waiting && waiting.length > 0 && rt.ctx.state.activatableJobs.get(type)?.size) {
        const entry = waiting.shift()!;
        if (entry.done) continue;
        const jobs = responseOf<ActivatedJobs>(activateJobs(rt, activationOf(entry.request)));
        if (jobs.length === 0) {
          waiting.unshift(entry);
          break;
        }
        // Taken: its long-poll timer must not end it empty while the jobs it holds are being committed.
        clearTimeout(entry.timer);
        answers.push({ entry, jobs });
      }
      if (waiting?.length === 0) this.parked.delete(type);
    }
    if (answers.length === 0) return undefined;
    return {
      committed: () => {
        for (const { entry, jobs } of answers) this.answer(entry, jobs);
      },
      failed: (error) => {
        for (const { entry } of answers) this.fail(entry, error);
      },
    };
  }

  private wake(type: string): void {
    const waiting = this.parked.get(type);
    if (!waiting || waiting.length === 0 || !this.engine.currentState.activatableJobs.get(type)?.size) return;
    this.parked.delete(type);
    // All at once, so their activations share one batch instead of each waiting for the one before.
    void Promise.all(waiting.map(async (entry) => (entry.done || (await this.tryActivate(entry)) || entry.done ? undefined : entry))).then(
      (results) => {
        const stillWaiting = results.filter((entry): entry is Parked => entry !== undefined);
        if (stillWaiting.length === 0) return;
        this.parked.set(type, [...stillWaiting, ...(this.parked.get(type) ?? [])]);
        // Jobs that appeared while these activations were in flight found nobody parked: look again.
        if (this.engine.currentState.activatableJobs.get(type)?.size) this.wake(type);
      },
    );
  }

  /** Returns true when the request was answered (with jobs or an error) and its stream ended. */
  private async tryActivate(entry: Parked): Promise<boolean> {
    try {
      const outcome = await this.engine.submit((rt) => activateJobs(rt, activationOf(entry.request)));
      const jobs = responseOf<ActivatedJobs>(outcome);
      if (jobs.length === 0) return false;
      this.answer(entry, jobs);
      return true;
    } catch (error) {
      this.fail(entry, error);
      return true;
    }
  }

  private answer(entry: Parked, jobs: ActivatedJobs): void {
    if (entry.done) return;
    entry.call.write({ jobs: jobs.map((job) => toActivatedJob(job.key, job.value, job.variables)) });
    this.finish(entry);
  }

  private fail(entry: Parked, error: unknown): void {
    if (entry.done) return;
    entry.done = true;
    clearTimeout(entry.timer);
    entry.call.fail(toCallError(error));
  }

  private finish(entry: Parked): void {
    if (entry.done) return;
    entry.done = true;
    clearTimeout(entry.timer);
    const waiting = this.parked.get(entry.request.type);
    if (waiting) {
      const index = waiting.indexOf(entry);
      if (index >= 0) waiting.splice(index, 1);
      if (waiting.length === 0) this.parked.delete(entry.request.type);
    }
    if (!entry.call.cancelled) entry.call.end();
  }
}

export type ActivatedJobs = Array<{ key: string; value: JobValue; variables: Record<string, unknown> }>;

function activationOf(request: ActivateRequest) {
  return {
    type: request.type,
    worker: request.worker,
    timeout: Number(request.timeout),
    maxJobsToActivate: request.maxJobsToActivate,
    fetchVariable: request.fetchVariable ?? [],
  };
}

/** The real engine's checks on an activation request, in its words. */
function validate(request: ActivateRequest): string | undefined {
  const prefix = "Command 'ACTIVATE' rejected with code 'INVALID_ARGUMENT': Expected to activate job batch with";
  if (!request.type || request.type.trim() === '') return `${prefix} type to be present, but it was blank`;
  if (!(request.maxJobsToActivate > 0)) return `${prefix} max jobs to activate to be greater than zero, but it was '${request.maxJobsToActivate}'`;
  if (!(Number(request.timeout) > 0)) return `${prefix} timeout to be greater than zero, but it was '${request.timeout}'`;
  return undefined;
}

/** A job as the gateway sends it to a worker (ActivateJobs and StreamActivatedJobs alike). */
export function toActivatedJob(key: string, job: JobValue, variables: Record<string, unknown>) {
  return {
    key,
    type: job.type,
    processInstanceKey: job.processInstanceKey,
    bpmnProcessId: job.bpmnProcessId,
    processDefinitionVersion: job.processDefinitionVersion,
    processDefinitionKey: job.processDefinitionKey,
    elementId: job.elementId,
    elementInstanceKey: job.elementInstanceKey,
    customHeaders: JSON.stringify(job.customHeaders ?? {}),
    worker: job.worker,
    retries: job.retries,
    deadline: String(job.deadline),
    variables: JSON.stringify(variables),
    tenantId: job.tenantId,
  };
}
