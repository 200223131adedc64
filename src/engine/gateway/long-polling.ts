import type { ServerWritableStream } from '@grpc/grpc-js';
import type { Engine } from '../engine';
import { activateJobs } from '../processing/commands/job-commands';
import { status } from '@grpc/grpc-js';
import { GatewayError, responseOf, toServiceError } from './errors';
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
  call: ServerWritableStream<ActivateRequest, unknown>;
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
    engine.onJobsAvailable((types) => {
      for (const type of types) this.wake(type);
    });
  }

  async handle(call: ServerWritableStream<ActivateRequest, unknown>): Promise<void> {
    const invalid = validate(call.request);
    if (invalid) {
      call.emit('error', toServiceError(new GatewayError(status.INVALID_ARGUMENT, invalid)));
      return;
    }
    const entry: Parked = { call, request: call.request, done: false };
    call.on('cancelled', () => this.finish(entry));
    const answered = await this.tryActivate(entry);
    if (answered || entry.done) return;
    const requestTimeout = Number(call.request.requestTimeout);
    if (requestTimeout < 0) return this.finish(entry);
    entry.timer = setTimeout(() => this.finish(entry), requestTimeout === 0 ? DEFAULT_LONG_POLL_MS : requestTimeout);
    const waiting = this.parked.get(entry.request.type) ?? [];
    waiting.push(entry);
    this.parked.set(entry.request.type, waiting);
    if (this.engine.currentState.activatableJobs.has(entry.request.type)) this.wake(entry.request.type);
  }

  /** Ends every parked request (shutdown). */
  closeAll(): void {
    for (const entries of this.parked.values()) for (const entry of entries) this.finish(entry);
  }

  private wake(type: string): void {
    const waiting = this.parked.get(type);
    if (!waiting || waiting.length === 0) return;
    this.parked.delete(type);
    void (async () => {
      const stillWaiting: Parked[] = [];
      for (const entry of waiting) {
        if (entry.done) continue;
        if (!(await this.tryActivate(entry)) && !entry.done) stillWaiting.push(entry);
      }
      if (stillWaiting.length > 0) this.parked.set(type, [...stillWaiting, ...(this.parked.get(type) ?? [])]);
    })();
  }

  /** Returns true when the request was answered (with jobs or an error) and its stream ended. */
  private async tryActivate(entry: Parked): Promise<boolean> {
    const request = entry.request;
    try {
      const outcome = await this.engine.submit((rt) =>
        activateJobs(rt, {
          type: request.type,
          worker: request.worker,
          timeout: Number(request.timeout),
          maxJobsToActivate: request.maxJobsToActivate,
          fetchVariable: request.fetchVariable ?? [],
        }),
      );
      const jobs = responseOf<Array<{ key: string; value: JobValue; variables: Record<string, unknown> }>>(outcome);
      if (jobs.length === 0) return false;
      if (entry.done) return true;
      entry.call.write({ jobs: jobs.map((job) => toActivatedJob(job.key, job.value, job.variables)) });
      this.finish(entry);
      return true;
    } catch (error) {
      if (!entry.done) {
        entry.done = true;
        clearTimeout(entry.timer);
        entry.call.emit('error', toServiceError(error));
      }
      return true;
    }
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

/** The real engine's checks on an activation request, in its words. */
function validate(request: ActivateRequest): string | undefined {
  const prefix = "Command 'ACTIVATE' rejected with code 'INVALID_ARGUMENT': Expected to activate job batch with";
  if (!request.type || request.type.trim() === '') return `${prefix} type to be present, but it was blank`;
  if (!(request.maxJobsToActivate > 0)) return `${prefix} max jobs to activate to be greater than zero, but it was '${request.maxJobsToActivate}'`;
  if (!(Number(request.timeout) > 0)) return `${prefix} timeout to be greater than zero, but it was '${request.timeout}'`;
  return undefined;
}

function toActivatedJob(key: string, job: JobValue, variables: Record<string, unknown>) {
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
