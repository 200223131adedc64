import { status } from '@grpc/grpc-js';
import type { BatchEndWork, Engine } from '../engine';
import type { BpmnRuntime } from '../processing/bpmn/runtime';
import { activateJobs } from '../processing/commands/job-commands';
import { accept } from '../processing/commands/outcome';
import { GatewayError, responseOf, toCallError } from './errors';
import type { StreamingCall } from './grpc-server';
import { toActivatedJob, type ActivatedJobs } from './long-polling';

interface StreamRequest {
  type: string;
  worker: string;
  timeout: string;
  fetchVariable: string[];
}

interface OpenStream {
  call: StreamingCall;
  request: StreamRequest;
  open: boolean;
}

/** Jobs activated for one stream, to send once their activation has committed. */
interface Push {
  stream: OpenStream;
  jobs: ActivatedJobs;
}

/**
 * StreamActivatedJobs, job push: a worker opens a stream for a job type and keeps it open, and each job of
 * that type that becomes activatable while it is open (created, timed out, failed with retries left, its
 * back-off over) is activated for one open stream and sent down it. The activation is written in the batch
 * that made the job activatable, and the job is sent when that batch commits, so a pushed job waits for no
 * poll and no second commit. With several streams for a type, the jobs of a batch are shared out in turn.
 *
 * As with Zeebe's gateway: streams come before parked ActivateJobs requests (this hook is registered first);
 * a job that was activatable before any stream opened is not pushed on opening (a worker backfills with
 * ActivateJobs), but goes with the next push for its type; the stream ends only when the client cancels it or
 * the gateway stops. A job sent to a stream whose client went away in the meantime is activated for nobody
 * and becomes activatable again when its timeout passes.
 */
export class JobStreams {
  private readonly streams = new Map<string, OpenStream[]>();
  /** Per type, which stream the next push starts with. */
  private readonly turn = new Map<string, number>();

  constructor(private readonly engine: Engine) {
    engine.onBatchEnd((rt, types) => this.pushInBatch(rt, types));
    // A batch whose hooks were skipped (a hook failed and the batch ran again without them) pushes afterwards.
    engine.onJobsAvailable((types) => {
      for (const type of types) if (this.streams.has(type) && this.engine.currentState.activatableJobs.get(type)?.size) void this.pushLater(type);
    });
  }

  handle(call: StreamingCall): void {
    const request: StreamRequest = call.request;
    const invalid = validate(request);
    if (invalid) {
      call.fail(toCallError(new GatewayError(status.INVALID_ARGUMENT, invalid)));
      return;
    }
    const stream: OpenStream = { call, request, open: true };
    call.onCancelled(() => this.close(stream));
    const open = this.streams.get(request.type) ?? [];
    open.push(stream);
    this.streams.set(request.type, open);
  }

  /** Ends every stream with status OK (shutdown). */
  closeAll(): void {
    for (const open of [...this.streams.values()]) for (const stream of [...open]) this.close(stream);
  }

  private pushInBatch(rt: BpmnRuntime, types: ReadonlySet<string>): BatchEndWork | undefined {
    const pushes: Push[] = [];
    for (const type of types) pushes.push(...this.activateFor(rt, type));
    if (pushes.length === 0) return undefined;
    return {
      committed: () => this.send(pushes),
      // Nothing was activated after all: the jobs stay activatable and the streams stay open.
      failed: () => undefined,
    };
  }

  private async pushLater(type: string): Promise<void> {
    let pushes: Push[] = [];
    try {
      await this.engine.submit((rt) => {
        pushes = this.activateFor(rt, type);
        return accept();
      });
    } catch {
      return; // not written: the jobs are still activatable, and the next push or a poll takes them
    }
    this.send(pushes);
  }

  /** Activates the type's activatable jobs for its open streams, in turn: one activation per stream. */
  private activateFor(rt: BpmnRuntime, type: string): Push[] {
    const open = this.streams.get(type);
    const available = rt.ctx.state.activatableJobs.get(type)?.size ?? 0;
    if (!open || open.length === 0 || available === 0) return [];
    const first = (this.turn.get(type) ?? 0) % open.length;
    const takers = Math.min(open.length, available);
    this.turn.set(type, first + takers);
    const pushes: Push[] = [];
    for (let i = 0; i < takers; i++) {
      const stream = open[(first + i) % open.length];
      const share = Math.ceil((rt.ctx.state.activatableJobs.get(type)?.size ?? 0) / (takers - i));
      if (share === 0) break;
      const jobs = responseOf<ActivatedJobs>(activateJobs(rt, { ...activationOf(stream.request), maxJobsToActivate: share }));
      if (jobs.length > 0) pushes.push({ stream, jobs });
    }
    return pushes;
  }

  private send(pushes: Push[]): void {
    for (const { stream, jobs } of pushes) {
      if (!stream.open) continue;
      for (const job of jobs) stream.call.write(toActivatedJob(job.key, job.value, job.variables));
    }
  }

  private close(stream: OpenStream): void {
    if (!stream.open) return;
    stream.open = false;
    const open = this.streams.get(stream.request.type);
    const index = open?.indexOf(stream) ?? -1;
    if (open && index >= 0) open.splice(index, 1);
    if (open?.length === 0) {
      this.streams.delete(stream.request.type);
      this.turn.delete(stream.request.type);
    }
    if (!stream.call.cancelled) stream.call.end();
  }
}

function activationOf(request: StreamRequest) {
  return { type: request.type, worker: request.worker, timeout: Number(request.timeout), fetchVariable: request.fetchVariable ?? [] };
}

function validate(request: StreamRequest): string | undefined {
  if (!request.type || request.type.trim() === '') return 'Expected a job type to stream jobs of, but it was blank';
  if (!(Number(request.timeout) > 0)) return `Expected the timeout of the jobs to stream to be greater than zero, but it was '${request.timeout}'`;
  return undefined;
}
