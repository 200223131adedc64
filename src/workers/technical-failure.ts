import type { ZBWorkerTaskHandler } from 'zeebe-node';

type AnyJob = Parameters<ZBWorkerTaskHandler>[0];

/** A fault (database down, bad data from outside the model): retry with back-off, and say what was expected. */
export function failTechnically(job: AnyJob, expected: string, error: unknown) {
  return job.fail({ errorMessage: `Expected ${expected}, but ${(error as Error).message}`, retries: job.retries - 1, retryBackOff: 5_000 });
}
