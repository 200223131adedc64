import type { ZeebeJob } from 'zeebe-node';

/** A fault (database down, directory inconsistent): retried with back-off, an incident when retries run out. */
export function failTechnically(job: Readonly<ZeebeJob<any, any, any>>, expected: string, error: unknown) {
  const message = error instanceof Error ? error.message : String(error);
  return job.fail({ errorMessage: `Expected to ${expected}, but ${message}`, retries: job.retries - 1, retryBackOff: 5_000 });
}
