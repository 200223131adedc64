import type { ZBClient } from 'zeebe-node';
import { isolatedClient } from './clients';

/**
 * The callers of an engine that is killed under them: instance creators and job workers that keep going
 * through restarts and remember exactly what they were told is done. Real time is unavoidable here; every
 * wait is short.
 */
export const JOB_TIMEOUT_MS = 2_000;
/** How long a worker waits for an answer to ActivateJobs (asking for 300 ms of long polling) before it asks again. */
export const EMPTY_POLL_MS = 1_000;

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** zeebe-node's activateJobs never settles when the answer holds no jobs; give up on it after a while. */
export function orNothing<T>(promise: Promise<T[]>, ms: number): Promise<T[]> {
  let timer: NodeJS.Timeout;
  const nothing = new Promise<T[]>((resolve) => (timer = setTimeout(() => resolve([]), ms)));
  return Promise.race([promise.catch(() => [] as T[]), nothing]).finally(() => clearTimeout(timer));
}

export interface Workload {
  bpmnProcessId: string;
  /** How many instances to have acknowledged. */
  instances: number;
  jobTypes: string[];
  /** The variables of the n-th attempt to create an instance. */
  variables?: (attempt: number) => Record<string, unknown>;
}

export class Callers {
  client: ZBClient;
  readonly ackedInstances = new Set<string>();
  /** Job key → the instance it belongs to, for every completeJob that was answered OK. */
  readonly ackedJobs = new Map<string, string>();
  /** Instances that had a job handed out at least once. */
  readonly instancesWithJobs = new Set<string>();
  failedCalls = 0;
  lastActivationAt = Date.now();
  private attempts = 0;
  private stopped = false;
  private readonly loops: Promise<void>[] = [];

  constructor(
    private readonly address: string,
    private readonly workload: Workload,
  ) {
    this.client = isolatedClient(address);
  }

  get progress(): number {
    return this.ackedInstances.size + this.ackedJobs.size;
  }

  get creating(): boolean {
    return this.ackedInstances.size < this.workload.instances;
  }

  start(): void {
    for (let i = 0; i < 4; i++) this.loops.push(this.create());
    for (const type of this.workload.jobTypes) this.loops.push(this.work(type));
  }

  /** After a restart: a new client, as a process that lost its connection would reconnect. */
  async reconnect(): Promise<void> {
    const old = this.client;
    this.client = isolatedClient(this.address);
    this.lastActivationAt = Date.now();
    await old.close().catch(() => undefined);
  }

  /**
   * Done when every instance was created and no job was handed out for a while: long enough for jobs that
   * were out when the engine died to time out and be handed out again, and for a worker's empty poll.
   */
  get idle(): boolean {
    return !this.creating && Date.now() - this.lastActivationAt > JOB_TIMEOUT_MS + EMPTY_POLL_MS + 2_000;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await Promise.all(this.loops);
    await this.client.close().catch(() => undefined);
  }

  private async create(): Promise<void> {
    while (!this.stopped && this.creating) {
      try {
        const variables = this.workload.variables?.(this.attempts++) ?? {};
        const created = await this.client.createProcessInstance({ bpmnProcessId: this.workload.bpmnProcessId, variables: variables as any });
        this.ackedInstances.add(created.processInstanceKey);
      } catch {
        // Not acknowledged: it may or may not have been written. Ask again (that may make one more instance).
        this.failedCalls += 1;
        await pause(50);
      }
    }
  }

  private async work(type: string): Promise<void> {
    while (!this.stopped) {
      const jobs = await orNothing(
        this.client.activateJobs({ type, worker: `crash-${type}`, maxJobsToActivate: 8, timeout: JOB_TIMEOUT_MS, requestTimeout: 300 }),
        EMPTY_POLL_MS,
      );
      if (jobs.length === 0) {
        await pause(20);
        continue;
      }
      this.lastActivationAt = Date.now();
      for (const job of jobs) this.instancesWithJobs.add(job.processInstanceKey);
      await Promise.all(
        jobs.map(async (job) => {
          try {
            await this.client.completeJob({ jobKey: job.key, variables: { [`${type}Done`]: true } });
            this.ackedJobs.set(job.key, job.processInstanceKey);
          } catch {
            this.failedCalls += 1;
          }
        }),
      );
    }
  }
}
