import type { Knex } from 'knex';
import type { AuditSigningKey } from './audit-keys';
import { latestCheckpoint, readChainHeads, writeCheckpoint, type Checkpoint } from './checkpoint';

export interface CheckpointPolicy {
  /** A checkpoint once this many rows (engine records + operations) followed the last one. */
  everyRows: number;
  /** A checkpoint once this long has passed since the last one, when anything was written since. */
  everyMs: number;
  /** How often the policy is looked at. */
  pollMs: number;
}

export const DEFAULT_POLICY: CheckpointPolicy = { everyRows: 1000, everyMs: 5 * 60_000, pollMs: 10_000 };

/** setInterval and clearInterval, injected so that tests drive the checkpointer without waiting. */
export interface IntervalTimer {
  setInterval(run: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

/**
 * Writes signed checkpoints: every `everyRows` rows or `everyMs` milliseconds (whichever comes first, looked
 * at every `pollMs`), on demand (before an export), and once more at a clean shutdown. It only reads the
 * heads of both chains, so the engine's writer never waits for it.
 */
export class Checkpointer {
  private handle: unknown;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly options: {
      db: Knex;
      key: AuditSigningKey;
      now: () => number;
      policy?: CheckpointPolicy;
      checkpointFile?: string;
      log?: (message: string) => void;
    },
  ) {}

  get policy(): CheckpointPolicy {
    return this.options.policy ?? DEFAULT_POLICY;
  }

  start(timer: IntervalTimer = { setInterval, clearInterval: (h) => clearInterval(h as NodeJS.Timeout) }): void {
    // A failed tick is logged (in write) and tried again at the next one.
    this.handle = timer.setInterval(() => void this.tick().catch(() => undefined), this.policy.pollMs);
    (this.handle as { unref?: () => void }).unref?.();
    this.timer = timer;
  }

  private timer?: IntervalTimer;

  /** Looks at the policy once; writes a checkpoint when it is due. */
  tick(): Promise<Checkpoint | undefined> {
    return this.serially(async () => {
      const last = await latestCheckpoint(this.options.db);
      const heads = await readChainHeads(this.options.db);
      const rows = heads.enginePosition - (last?.enginePosition ?? 0) + heads.operationPosition - (last?.operationPosition ?? 0);
      if (rows === 0 && last) return undefined;
      const now = this.options.now();
      if (last && rows < this.policy.everyRows && now - last.at < this.policy.everyMs) return undefined;
      return this.write(now);
    });
  }

  /** A checkpoint now, unless nothing was written since the last one (then that one). */
  checkpointNow(): Promise<Checkpoint | undefined> {
    return this.serially(async () => {
      const last = await latestCheckpoint(this.options.db);
      const heads = await readChainHeads(this.options.db);
      if (last && last.enginePosition === heads.enginePosition && last.operationPosition === heads.operationPosition) return last;
      return this.write(this.options.now());
    });
  }

  /** Stops the timer and signs what was written since the last checkpoint (at a clean shutdown). */
  async stop(): Promise<void> {
    if (this.timer && this.handle !== undefined) this.timer.clearInterval(this.handle);
    this.handle = undefined;
    await this.checkpointNow();
  }

  private async write(now: number): Promise<Checkpoint | undefined> {
    const { db, key, checkpointFile } = this.options;
    try {
      return await writeCheckpoint(db, key, now, checkpointFile);
    } catch (error) {
      this.options.log?.(`Could not write an audit checkpoint: ${(error as Error).message}`);
      throw error;
    }
  }

  /** One at a time within this process: a tick and an export's checkpoint must not race for a sequence. */
  private serially<T>(run: () => Promise<T>): Promise<T> {
    const next = this.running.then(run, run);
    this.running = next.catch(() => undefined);
    return next;
  }
}
