import type { ZeebeJob } from 'zeebe-node';

type AnyJob = Readonly<ZeebeJob<any, any, any>>;

/** Back-off before a failed job is retried: long enough for a restarted database, short for a demo. */
const RETRY_BACKOFF_MS = 5_000;

/**
 * A technical fault (database down, a variable the model should have set is missing): the job is failed
 * with one retry fewer, so it is tried again and becomes an incident when retries run out. Business
 * outcomes never come here: they complete the job with gateway variables or throw a BPMN error.
 */
export function failTechnically(job: AnyJob, action: string, error: unknown) {
  const message = error instanceof Error ? error.message : String(error);
  return job.fail({ errorMessage: `Expected to ${action}, but ${message}`, retries: job.retries - 1, retryBackOff: RETRY_BACKOFF_MS });
}

/**
 * A fault only a person can mend (too few experts, a project in the wrong state, a directory entry): thrown
 * from a worker's work, it fails the job with its message as it is. Without a retry the job has no retries
 * left, so an incident asks a person at once; with one, the job is tried again after the back-off (the
 * person may fix the cause meanwhile) and becomes an incident when retries run out.
 */
export class NeedsPerson extends Error {
  constructor(message: string, readonly retry?: { backOffMs: number }) {
    super(message);
  }
}

/**
 * Runs a worker's work and acknowledges the job on every path: what the work returns completes the job, a
 * thrown NeedsPerson raises an incident at once, any other error fails the job technically.
 */
export async function settleJob(job: AnyJob, action: string, work: () => Promise<Record<string, unknown>>) {
  try {
    return job.complete(await work());
  } catch (error) {
    if (error instanceof NeedsPerson) {
      if (!error.retry) return job.fail({ errorMessage: error.message, retries: 0 });
      return job.fail({ errorMessage: error.message, retries: job.retries - 1, retryBackOff: error.retry.backOffMs });
    }
    return failTechnically(job, action, error);
  }
}

/** What a worker's work reads from its job; tests run the work twice with the same job to prove it idempotent. */
export interface JobInput<V = Record<string, unknown>> {
  key: string;
  processInstanceKey: string;
  variables: V;
}

/** Reads a variable the diagram or a form must have set, or says which one is missing. */
export function required<T>(variables: Record<string, unknown>, name: string): T {
  const value = variables[name];
  if (value === undefined || value === null) throw new Error(`variable '${name}' is ${value === null ? 'null' : 'missing'}`);
  return value as T;
}
