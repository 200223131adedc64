import type { Knex } from 'knex';
import type { Clock } from './clock';
import { LogStore } from './log/log-store';
import { recoverState } from './recovery';
import { ProcessingContext, type FinishedInstance } from './processing/context';
import { BpmnRuntime } from './processing/bpmn/runtime';
import type { CommandOutcome } from './processing/commands/outcome';
import { expireJobs } from './processing/commands/job-commands';
import { expireMessages } from './processing/commands/message-commands';
import { triggerDueTimers } from './processing/commands/timer-commands';
import { serializeState } from './state/snapshot';
import type { EngineState } from './state/engine-state';
import type { LogRecord } from './log/record';

export interface EngineOptions {
  db: Knex;
  clock: Clock;
  /** Commands waiting beyond this are refused with RESOURCE_EXHAUSTED rather than held in memory. */
  maxQueuedCommands?: number;
  /** Commands processed per transaction (see DEFAULT_BATCH_SIZE). */
  batchSize?: number;
  /** Records between two snapshots. */
  snapshotInterval?: number;
  log?: (message: string) => void;
  /**
   * Told of every committed batch: its records and how long from sending them to their commit (waiting
   * behind the batch before included). For metrics; the engine knows nothing of what the observer does
   * with it, and an observer that throws is only logged.
   */
  onBatchCommitted?: (batch: { records: readonly LogRecord[]; commitMs: number }) => void;
}

/** Thrown to callers whose command could not be processed; the gateway maps `code` to a gRPC status. */
export class EngineError extends Error {
  constructor(
    readonly code: 'RESOURCE_EXHAUSTED' | 'UNAVAILABLE' | 'INTERNAL',
    message: string,
  ) {
    super(message);
  }
}

/** What a batch-end hook did inside the batch; told whether the batch's transaction committed. */
export interface BatchEndWork {
  committed(): void;
  failed(error: Error): void;
}

/**
 * Runs at the end of a batch that made jobs activatable, in the batch's own transaction, so that whatever it
 * writes (a long poll's activation) is durable together with the jobs it takes.
 */
export type BatchEndHook = (rt: BpmnRuntime, jobTypes: ReadonlySet<string>) => BatchEndWork | undefined;

interface QueuedCommand {
  work: (rt: BpmnRuntime) => CommandOutcome;
  resolve: (outcome: CommandOutcome) => void;
  reject: (error: Error) => void;
  /** For CreateProcessInstanceWithResult: called when the instance ends (or with undefined on shutdown). */
  onFinished?: (finished: FinishedInstance | undefined) => void;
}

const DUE_BATCH = 1000;

/**
 * How many queued commands one batch takes. The database commits on another core (a server's own process,
 * PGlite's own thread) while the engine goes on, so a smaller batch splits a crowd of callers that arrived
 * together into batches that overlap: one is written while the next is processed and the answers to the one
 * before go out. With up to 500 per batch, 200 one-task instances in flight moved in lockstep (on a server
 * each batch ~2,300 records and a 31 ms commit, both sides idle in turn, 35% of the machine idle) and ended
 * at 1,035-1,111/s; with 100, 1,282-1,535/s in the same session (PGlite: 824 against 965/s, medians of
 * three). Since batches are sent to the database as soon as they are processed (LogStore.append), 50 per
 * batch with four on their way did better again: PGlite 1,591-1,727 against 1,435-1,577/s (three runs each,
 * alternating, 2026-12-07), the server 1,847-1,920 against 1,800-1,836/s; 25 or 200 per batch did worse.
 */
const DEFAULT_BATCH_SIZE = 50;
/** Batches processed ahead of the database: being written or waiting to be, while the next is processed. */
const MAX_WRITES_IN_FLIGHT = 4;

/**
 * The single writer: commands queue up, a batch of them is processed against in-memory state, all records
 * of the batch are appended in one statement, and only then are the callers answered. A failed write or a
 * bug in processing restores state from the database, so memory never runs ahead of what is durable.
 */
export class Engine {
  private state!: EngineState;
  private readonly store: LogStore;
  private readonly queue: QueuedCommand[] = [];
  private draining = false;
  private stopped = false;
  private lastSnapshotPosition = 0;
  private cancelDueTimer?: () => void;
  private nextDueAt?: number;
  private readonly resultWaiters = new Map<string, (finished: FinishedInstance | undefined) => void>();
  private readonly jobListeners = new Set<(types: Set<string>) => void>();
  private readonly batchEndHooks = new Set<BatchEndHook>();
  /** Set after a batch-end hook threw: the retried batch runs without hooks, so it cannot fail the same way. */
  private skipBatchEndHooks = false;
  private idleWaiters: Array<() => void> = [];
  /** Set while drain waits for the last writes with nothing queued: a new command wakes it. */
  private wakeDrain?: () => void;
  /**
   * The chain of answers: each batch's callers are answered after its write committed and the batch before
   * was answered (the writes themselves are sent at once, LogStore.append keeps their order). Never rejects.
   */
  private writeTail: Promise<void> = Promise.resolve();
  /** A snapshot being written from the live state (see writeSnapshot); settles without throwing. */
  private snapshotWrite?: Promise<unknown>;
  /** Completion of each batch's write that has not finished yet, oldest first. */
  private readonly writesInFlight: Array<Promise<void>> = [];
  private writeFailed = false;

  private constructor(private readonly options: EngineOptions) {
    this.store = new LogStore(options.db);
  }

  static async start(options: EngineOptions): Promise<Engine> {
    const engine = new Engine(options);
    engine.state = await recoverState(engine.store);
    engine.lastSnapshotPosition = engine.state.lastPosition;
    engine.scheduleDueCheck();
    return engine;
  }

  get clock(): Clock {
    return this.options.clock;
  }

  /** Read-only view for the gateway and tests; never mutate it. */
  get currentState(): EngineState {
    return this.state;
  }

  /** Queues a command; resolves once its records are durable. */
  submit(work: (rt: BpmnRuntime) => CommandOutcome, onFinished?: QueuedCommand['onFinished']): Promise<CommandOutcome> {
    if (this.stopped) return Promise.reject(new EngineError('UNAVAILABLE', 'Expected the engine to be running, but it is shutting down'));
    if (this.queue.length >= (this.options.maxQueuedCommands ?? 10_000)) {
      return Promise.reject(new EngineError('RESOURCE_EXHAUSTED', 'Reached maximum capacity of requests handled'));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ work, resolve, reject, onFinished });
      this.scheduleDrain();
    });
  }

  /** Called with the job types that have new activatable jobs, after they are durable. */
  onJobsAvailable(listener: (types: Set<string>) => void): () => void {
    this.jobListeners.add(listener);
    return () => this.jobListeners.delete(listener);
  }

  /** Called at the end of every batch that made jobs activatable, before its write (see BatchEndHook). */
  onBatchEnd(hook: BatchEndHook): () => void {
    this.batchEndHooks.add(hook);
    return () => this.batchEndHooks.delete(hook);
  }

  /** Resolves when the queue is empty and no batch is being written (for tests and clean shutdown); a snapshot may still be. */
  whenIdle(): Promise<void> {
    if (!this.draining && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelDueTimer?.();
    await this.whenIdle();
    for (const waiter of this.resultWaiters.values()) waiter(undefined);
    this.resultWaiters.clear();
    if (this.state.lastPosition > this.lastSnapshotPosition) await this.writeSnapshot();
  }

  /** Writes a snapshot of the state once everything queued has been processed and committed. */
  async snapshot(): Promise<void> {
    await this.whenIdle();
    await this.writeSnapshot();
  }

  /**
   * Only called when no batch is in flight, so the state is exactly what the log holds. The parts are made
   * while they are written, so no batch is processed until the write is over (drain waits for it), and a
   * snapshot asked for while another is written starts after it.
   */
  private writeSnapshot(): Promise<void> {
    const write = (this.snapshotWrite ?? Promise.resolve()).then(async () => {
      const position = this.state.lastPosition;
      await this.store.saveSnapshot(position, serializeState(this.state), this.clock.now());
      this.lastSnapshotPosition = position;
    });
    const settled = write.catch(() => undefined);
    this.snapshotWrite = settled;
    void settled.then(() => {
      if (this.snapshotWrite === settled) this.snapshotWrite = undefined;
    });
    return write;
  }

  private scheduleDrain(): void {
    if (this.draining) {
      this.wakeDrain?.();
      return;
    }
    this.draining = true;
    setImmediate(() => void this.drain());
  }

  /**
   * Processes batches while earlier ones are still being written: a batch is processed against the
   * in-memory state (which runs ahead of the database by at most MAX_WRITES_IN_FLIGHT batches), its
   * records are appended after those of the batch before, on one chain, and its callers are answered only
   * once its own write has committed. A failed write fails every batch after it and rebuilds the state.
   */
  private async drain(): Promise<void> {
    for (;;) {
      if (this.queue.length === 0) {
        if (this.writesInFlight.length === 0) break;
        // A command that arrives while the last batches are written is processed at once, not after their commit.
        await new Promise<void>((resolve) => {
          this.wakeDrain = resolve;
          void this.writeTail.then(resolve);
        });
        this.wakeDrain = undefined;
        continue;
      }
      while (this.writesInFlight.length >= MAX_WRITES_IN_FLIGHT) await this.writesInFlight[0];
      if (this.writeFailed) await this.recoverFromFailedWrite();
      if (this.snapshotWrite) await this.snapshotWrite;
      const batch = this.queue.splice(0, this.options.batchSize ?? DEFAULT_BATCH_SIZE);
      await this.processBatch(batch);
      if (this.state.lastPosition - this.lastSnapshotPosition >= (this.options.snapshotInterval ?? 200_000)) {
        await this.writeTail;
        // A refused write leaves records in memory that the log does not hold: no snapshot of that state.
        if (!this.writeFailed) {
          await this.writeSnapshot().catch((error) => this.options.log?.(`engine: snapshot failed: ${(error as Error).message}`));
        }
      }
      // PGlite on this thread (the tests' in-memory databases) answers within the same turn of the event loop;
      // yield so that timers and sockets get their turn.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (this.writeFailed) await this.recoverFromFailedWrite();
    if (this.queue.length > 0) return void this.drain();
    this.draining = false;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private async processBatch(batch: QueuedCommand[]): Promise<void> {
    const ctx = new ProcessingContext(this.state, this.clock.now());
    const rt = new BpmnRuntime(ctx);
    const outcomes: CommandOutcome[] = [];
    for (let i = 0; i < batch.length; i++) {
      try {
        outcomes.push(batch[i].work(rt));
        rt.runAgenda();
      } catch (error) {
        // A bug, not a rejection: the state may be half-changed, so throw the batch away and rebuild
        // from what is durable; the other commands of the batch go back to the front of the queue.
        this.options.log?.(`engine: command failed while processing: ${(error as Error).stack}`);
        batch[i].reject(new EngineError('INTERNAL', `Expected to process the command, but the engine failed: ${(error as Error).message}`));
        this.queue.unshift(...batch.slice(0, i), ...batch.slice(i + 1));
        await this.writeTail;
        await this.restoreState();
        return;
      }
    }
    const batchEnd: BatchEndWork[] = [];
    if (ctx.jobTypesAvailable.size > 0 && !this.skipBatchEndHooks) {
      try {
        for (const hook of this.batchEndHooks) {
          const work = hook(rt, ctx.jobTypesAvailable);
          if (work) batchEnd.push(work);
        }
      } catch (error) {
        // Same as a failed command: the state may be half-changed, so rebuild it and run the batch again.
        this.options.log?.(`engine: batch-end hook failed: ${(error as Error).stack}`);
        for (const work of batchEnd) work.failed(error as Error);
        this.queue.unshift(...batch);
        this.skipBatchEndHooks = true;
        await this.writeTail;
        await this.restoreState();
        return;
      }
    }
    this.skipBatchEndHooks = false;
    // Sent now, behind the batches still being written: the store keeps their order, and a batch sent after
    // one that fails is not written (LogStore.append). The callers are answered in order, on the chain.
    const started = performance.now();
    const appended = ctx.pending.length === 0 ? undefined : this.store.append(ctx.pending).then(() => performance.now() - started);
    appended?.catch(() => undefined); // read on the chain below
    const write = this.writeTail
      .then(async () => {
        const commitMs = await appended?.catch((error: Error) => {
          throw this.writeFailed ? new Error('an earlier write failed') : error;
        });
        if (this.writeFailed) throw new Error('an earlier write failed');
        return commitMs;
      })
      .then(
        (commitMs) => {
          try {
            this.afterCommit(ctx, batch, outcomes);
            for (const work of batchEnd) work.committed();
          } catch (error) {
            this.options.log?.(`engine: answering after a commit failed: ${(error as Error).stack}`);
          }
          this.tellObserver(ctx, commitMs);
        },
        (error) => {
          if (!this.writeFailed) this.options.log?.(`engine: could not write the log: ${(error as Error).message}`);
          this.writeFailed = true;
          const failure = new EngineError('UNAVAILABLE', `Expected to write the log, but ${(error as Error).message}`);
          for (const command of batch) command.reject(failure);
          for (const work of batchEnd) work.failed(failure);
        },
      )
      .finally(() => {
        this.writesInFlight.splice(this.writesInFlight.indexOf(write), 1);
      });
    this.writesInFlight.push(write);
    this.writeTail = write;
  }

  /** After the callers are answered, so an observer can neither delay nor break an acknowledgement. */
  private tellObserver(ctx: ProcessingContext, commitMs: number | undefined): void {
    const observer = this.options.onBatchCommitted;
    if (!observer || commitMs === undefined) return;
    try {
      observer({ records: ctx.pending.map((pending) => pending.record), commitMs });
    } catch (error) {
      this.options.log?.(`engine: the batch observer failed: ${(error as Error).message}`);
    }
  }

  private async recoverFromFailedWrite(): Promise<void> {
    await this.writeTail;
    await this.restoreState();
    this.store.resume();
    this.writeFailed = false;
  }

  private afterCommit(ctx: ProcessingContext, batch: QueuedCommand[], outcomes: CommandOutcome[]): void {
    batch.forEach((command, i) => {
      const outcome = outcomes[i];
      if (command.onFinished && outcome.ok) {
        this.resultWaiters.set((outcome.response as { processInstanceKey: string }).processInstanceKey, command.onFinished);
      }
      command.resolve(outcome);
    });
    for (const finished of ctx.finishedInstances) {
      const waiter = this.resultWaiters.get(finished.processInstanceKey);
      if (!waiter) continue;
      this.resultWaiters.delete(finished.processInstanceKey);
      waiter(finished);
    }
    if (ctx.jobTypesAvailable.size > 0) for (const listener of this.jobListeners) listener(ctx.jobTypesAvailable);
    this.scheduleDueCheck();
  }

  private async restoreState(): Promise<void> {
    this.state = await recoverState(this.store);
  }

  /** Arms one timer for the earliest job deadline, back-off end, message expiry or BPMN timer. */
  private scheduleDueCheck(): void {
    if (this.stopped) return;
    const candidates = [
      this.state.jobDeadlines.nextDue(),
      this.state.jobBackoffs.nextDue(),
      this.state.messageExpiries.nextDue(),
      this.state.timerDueDates.nextDue(),
    ];
    const next = Math.min(...candidates.filter((d): d is number => d !== undefined));
    if (!Number.isFinite(next) || next === this.nextDueAt) return;
    this.cancelDueTimer?.();
    this.nextDueAt = next;
    this.cancelDueTimer = this.clock.setTimer(next, () => {
      this.nextDueAt = undefined;
      this.cancelDueTimer = undefined;
      void this.submitInternal((rt) => {
        expireJobs(rt, DUE_BATCH);
        expireMessages(rt, DUE_BATCH);
        triggerDueTimers(rt, DUE_BATCH);
        return { ok: true, response: {} };
      });
    });
  }

  /** Engine-made commands (time-outs) are not subject to the queue limit: dropping them would stall jobs. */
  private submitInternal(work: (rt: BpmnRuntime) => CommandOutcome): Promise<CommandOutcome | void> {
    if (this.stopped) return Promise.resolve();
    return new Promise<CommandOutcome>((resolve, reject) => {
      this.queue.push({ work, resolve, reject });
      this.scheduleDrain();
    }).catch((error) => this.options.log?.(`engine: internal command failed: ${(error as Error).message}`));
  }
}
