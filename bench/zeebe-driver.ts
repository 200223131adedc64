// The bench's side of the gateway: one zeebe-node client, the bench processes deployed, and workers that
// complete every `bench-task` job and note when an instance's last task was completed (= the instance ended).
import { join } from 'node:path';
import { ZBClient, type ZBWorker } from 'zeebe-node';
import { InstanceEnds } from './instance-ends';

export const TASK_TYPE = 'bench-task';

export interface BenchProcess {
  processId: string;
  file: string;
  lastElementId: string;
  tasksPerInstance: number;
}

export const ONE_TASK: BenchProcess = {
  processId: 'bench-one-task',
  file: join(__dirname, 'bench-one-task.bpmn'),
  lastElementId: 'task',
  tasksPerInstance: 1,
};

export const TEN_TASKS: BenchProcess = {
  processId: 'bench-ten-tasks',
  file: join(__dirname, 'bench-ten-tasks.bpmn'),
  lastElementId: 'task10',
  tasksPerInstance: 10,
};

export interface DriverOptions {
  host: string;
  port: number;
  workers: number;
  maxJobsToActivate: number;
  pollIntervalMs: number;
}

/** Errors, counted by a short description (gRPC code and message), first few kept verbatim. */
export class ErrorTally {
  readonly counts = new Map<string, number>();

  add(source: string, error: unknown): void {
    const e = error as { code?: number; details?: string; message?: string };
    const text = `${source}: ${e.code !== undefined ? `code ${e.code} ` : ''}${(e.details ?? e.message ?? String(error)).slice(0, 160)}`;
    this.counts.set(text, (this.counts.get(text) ?? 0) + 1);
  }

  get total(): number {
    let total = 0;
    for (const count of this.counts.values()) total += count;
    return total;
  }

  reset(): void {
    this.counts.clear();
  }
}

export class ZeebeDriver {
  readonly client: ZBClient;
  readonly ends = new InstanceEnds();
  readonly errors = new ErrorTally();
  /** performance.now() of every successful job completion, for jobs/s. */
  jobCompletions: number[] = [];
  private readonly workers: ZBWorker<any, any, any>[] = [];
  private readonly lastElementOf = new Map<string, string>();

  constructor(private readonly options: DriverOptions) {
    // retry: false so rejections (e.g. RESOURCE_EXHAUSTED) are counted by the bench instead of retried silently.
    this.client = new ZBClient(`${options.host}:${options.port}`, {
      useTLS: false,
      retry: false,
      loglevel: 'ERROR',
      stdout: {
        info: () => {},
        debug: () => {},
        error: (message: string) => this.errors.add('zeebe-node log', { message: summarizeLog(message) }),
      },
    });
  }

  async deploy(processes: BenchProcess[]): Promise<void> {
    for (const process of processes) {
      await this.client.deployResource({ processFilename: process.file });
      this.lastElementOf.set(process.processId, process.lastElementId);
    }
  }

  startWorkers(): void {
    for (let i = 0; i < this.options.workers; i++) {
      this.workers.push(
        this.client.createWorker({
          taskType: TASK_TYPE,
          maxJobsToActivate: this.options.maxJobsToActivate,
          // zeebe-node only opens the next ActivateJobs call on its poll tick (default 300 ms), which would
          // put up to that much idle time on every task; a short tick measures the engine, not the client.
          pollInterval: this.options.pollIntervalMs,
          fetchVariable: [],
          taskHandler: async (job) => {
            // Not job.complete(): it resolves even when the completion is rejected, and we want to see rejections.
            try {
              await this.client.completeJob({ jobKey: job.key, variables: {} });
              const now = performance.now();
              this.jobCompletions.push(now);
              if (this.lastElementOf.get(job.bpmnProcessId) === job.elementId) this.ends.record(job.processInstanceKey, now);
            } catch (error) {
              this.errors.add('completeJob', error);
            }
            return job.forward();
          },
        }),
      );
    }
  }

  /** Creates one instance; `created` settles with the create answer, `ended` when its last task completed. */
  startInstance(process: BenchProcess): { created: Promise<string>; ended: Promise<number> } {
    const created = this.client.createProcessInstance({ bpmnProcessId: process.processId, variables: {} }).then(
      (response) => response.processInstanceKey,
      (error) => {
        this.errors.add('createProcessInstance', error);
        throw error;
      },
    );
    const ended = created.then((key) => this.ends.whenEnded(key));
    ended.catch(() => {}); // a failed create is already counted; callers that wait on `ended` still see it
    return { created, ended };
  }

  async close(): Promise<void> {
    await Promise.race([this.client.close(), new Promise((resolve) => setTimeout(resolve, 5000))]);
  }
}

function summarizeLog(message: string): string {
  try {
    const parsed = JSON.parse(message) as { message?: unknown; context?: unknown };
    return String(typeof parsed.message === 'string' ? parsed.message : JSON.stringify(parsed.message ?? parsed));
  } catch {
    return message;
  }
}
