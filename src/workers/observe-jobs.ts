import type { ZBClient, ZeebeJob } from 'zeebe-node';

export type JobOutcome = 'completed' | 'failed' | 'error';

/** Told of each job a worker receives and of the worker's answer (metrics implement it; workers do not care). */
export interface JobObserver {
  activated(type: string): void;
  settled(type: string, outcome: JobOutcome, seconds: number): void;
}

type AnyJob = ZeebeJob<any, any, any>;

/**
 * The client the workers register with, with every job handed to a worker observed: its arrival and the
 * acknowledged answer (complete, fail or BPMN error) with the time between. Everything else passes through
 * untouched, so the workers stay unaware of metrics and talk to the engine exactly as before.
 */
export function observeJobs(client: ZBClient, observer: JobObserver, now: () => number = () => performance.now()): ZBClient {
  const createWorker = ((config: { taskType: string; taskHandler: (job: AnyJob) => unknown }) =>
    client.createWorker({ ...config, taskHandler: (job: AnyJob) => config.taskHandler(observed(job, observer, now)) } as never)) as unknown as ZBClient['createWorker'];
  return new Proxy(client, {
    get(target, property) {
      if (property === 'createWorker') return createWorker;
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function observed(job: AnyJob, observer: JobObserver, now: () => number): AnyJob {
  const started = now();
  observer.activated(job.type);
  const settle = <A extends unknown[], R>(outcome: JobOutcome, answer: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const acknowledged = await answer(...args);
      observer.settled(job.type, outcome, (now() - started) / 1000);
      return acknowledged;
    };
  return { ...job, complete: settle('completed', job.complete), fail: settle('failed', job.fail), error: settle('error', job.error) } as AnyJob;
}
