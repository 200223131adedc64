import type { ZeebeJob } from 'zeebe-node';

/**
 * Runs a worker's work and acknowledges the job on every path: what the work returns completes it, a thrown
 * error (a database fault, a malformed variable) fails it with one retry fewer, backing off for a minute.
 */
export async function settleJob(job: ZeebeJob, work: () => Promise<Record<string, unknown>>) {
  try {
    const variables = await work();
    return job.complete(variables);
  } catch (error) {
    return job.fail({ errorMessage: (error as Error).message, retries: job.retries - 1, retryBackOff: 60_000 });
  }
}

/** Reads a variable the diagram or a form must have set, or says which one is missing. */
export function required<T>(variables: Record<string, unknown>, name: string): T {
  const value = variables[name];
  if (value === undefined || value === null) throw new Error(`Expected variable '${name}' to be set, but it is ${value === null ? 'null' : 'missing'}`);
  return value as T;
}
