import type { LogRecord } from '../../log/record';
import type { EngineState } from '../engine-state';
import type { Job, JobState, JobValue } from '../types';

type Applier = (state: EngineState, record: LogRecord) => void;

/** Moves a job to a new state and keeps the derived indexes (activatable by type, deadlines, back-offs) true. */
export function setJobState(state: EngineState, job: Job, next: JobState): void {
  removeFromIndexes(state, job);
  job.state = next;
  if (next === 'ACTIVATABLE') {
    addInKeyOrder(state, job);
  } else if (next === 'ACTIVATED') {
    state.jobDeadlines.set(job.key, job.value.deadline);
  } else if (next === 'FAILED' && job.value.retries > 0 && job.value.recurringTime > 0) {
    state.jobBackoffs.set(job.key, job.value.recurringTime);
  }
}

/**
 * Jobs are handed out oldest key first, as Zeebe does. New jobs arrive in key order; a job that comes back
 * (failed with retries, timed out) may be older than those waiting, and then the set is put in order again.
 */
function addInKeyOrder(state: EngineState, job: Job): void {
  const keys = state.activatableJobs.get(job.value.type);
  if (!keys) {
    state.activatableJobs.set(job.value.type, new Set([job.key]));
    return;
  }
  let last: string | undefined;
  for (const key of keys) last = key;
  keys.add(job.key);
  if (last !== undefined && compareKeys(job.key, last) < 0) {
    state.activatableJobs.set(job.value.type, new Set([...keys].sort(compareKeys)));
  }
}

/** Keys are decimal strings of int64 values of the same partition: shorter is smaller, else text order. */
export function compareKeys(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}

function removeFromIndexes(state: EngineState, job: Job): void {
  const keys = state.activatableJobs.get(job.value.type);
  if (keys) {
    keys.delete(job.key);
    if (keys.size === 0) state.activatableJobs.delete(job.value.type);
  }
  state.jobDeadlines.delete(job.key);
  state.jobBackoffs.delete(job.key);
}

export function removeJob(state: EngineState, key: string): void {
  const job = state.jobs.get(key);
  if (!job) return;
  removeFromIndexes(state, job);
  state.jobs.delete(key);
  const instance = state.elementInstances.get(job.value.elementInstanceKey);
  if (instance?.jobKey === key) instance.jobKey = undefined;
}

const jobCreated: Applier = (state, record) => {
  const value = { ...(record.value as unknown as JobValue) };
  const job: Job = { key: record.key, state: 'ACTIVATABLE', value };
  state.jobs.set(record.key, job);
  setJobState(state, job, 'ACTIVATABLE');
  const instance = state.elementInstances.get(value.elementInstanceKey);
  if (instance) instance.jobKey = record.key;
};

const jobFailed: Applier = (state, record) => {
  const job = state.jobs.get(record.key);
  if (!job) return;
  const value = record.value as unknown as JobValue;
  job.value.retries = value.retries;
  job.value.errorMessage = value.errorMessage;
  job.value.retryBackoff = value.retryBackoff;
  job.value.recurringTime = value.retryBackoff > 0 ? record.timestamp + value.retryBackoff : -1;
  job.value.worker = value.worker;
  job.value.deadline = -1;
  setJobState(state, job, value.retries > 0 && value.retryBackoff <= 0 ? 'ACTIVATABLE' : 'FAILED');
};

const jobMadeActivatable: Applier = (state, record) => {
  const job = state.jobs.get(record.key);
  if (!job) return;
  job.value.deadline = -1;
  job.value.recurringTime = -1;
  setJobState(state, job, 'ACTIVATABLE');
};

const jobErrorThrown: Applier = (state, record) => {
  const job = state.jobs.get(record.key);
  if (!job) return;
  const value = record.value as unknown as JobValue;
  job.value.errorCode = value.errorCode;
  job.value.errorMessage = value.errorMessage;
  job.value.deadline = -1;
  setJobState(state, job, 'ERROR_THROWN');
};

const jobRetriesUpdated: Applier = (state, record) => {
  const job = state.jobs.get(record.key);
  if (job) job.value.retries = (record.value as unknown as JobValue).retries;
};

export const jobAppliers: Record<string, Applier> = {
  CREATED: jobCreated,
  COMPLETED: (state, record) => removeJob(state, record.key),
  CANCELED: (state, record) => removeJob(state, record.key),
  FAILED: jobFailed,
  TIMED_OUT: jobMadeActivatable,
  RECURRED_AFTER_BACKOFF: jobMadeActivatable,
  ERROR_THROWN: jobErrorThrown,
  RETRIES_UPDATED: jobRetriesUpdated,
};

/** A batch activation: each listed job is handed to the worker until its deadline. */
export const jobBatchAppliers: Record<string, Applier> = {
  ACTIVATED: (state, record) => {
    const value = record.value as { jobKeys: string[]; worker: string; deadline: number; timeout: number };
    for (const key of value.jobKeys) {
      const job = state.jobs.get(key);
      if (!job) continue;
      job.value.worker = value.worker;
      job.value.deadline = value.deadline;
      job.value.timeout = value.timeout;
      setJobState(state, job, 'ACTIVATED');
    }
  },
};
