import type { Knex } from 'knex';
import type { Job, ZBClient } from 'zeebe-node';
import type { ProcessNames } from './process-names';
import type { ImportedJob } from './task';
import { importTask } from './task-store';

export const USER_TASK_JOB_TYPE = 'io.camunda.zeebe:userTask';
const HEADER = 'io.camunda.zeebe:';

/**
 * Long: the job stays ours while people work on the task. A live job is handed to us again after this, which
 * refreshes its row and is how the task list learns that a job it has not heard of is gone.
 */
export const DEFAULT_TASK_JOB_TIMEOUT_MS = 60 * 60_000;

/**
 * zeebe-node asks for the next batch of jobs only on its poll tick (300 ms by default), so 50 jobs a tick capped
 * the import at about 160 tasks/s and a burst of user tasks showed up in the list tens of seconds late
 * (bench/tasklist.ts). While a long poll is open, a tick does nothing, so a short one costs nothing when idle.
 */
export const IMPORT_POLL_INTERVAL_MS = 50;
export const IMPORT_BATCH_SIZE = 50;

export interface ImportWorkerOptions {
  db: Knex;
  names: ProcessNames;
  now: () => Date;
  timeoutMs?: number;
  log?: (message: string) => void;
}

/**
 * The task list's worker for io.camunda.zeebe:userTask: every activation is written to the tasks table
 * (idempotent by job key) and the job is forwarded: it stays activated, to be completed when a person
 * submits the task. A failed write is only logged: the job comes back after its timeout and is imported then.
 */
export function startImportWorker(client: ZBClient, options: ImportWorkerOptions): { close(): Promise<void> } {
  const timeout = options.timeoutMs ?? DEFAULT_TASK_JOB_TIMEOUT_MS;
  const worker = client.createWorker({
    taskType: USER_TASK_JOB_TYPE,
    timeout,
    maxJobsToActivate: IMPORT_BATCH_SIZE,
    pollInterval: IMPORT_POLL_INTERVAL_MS,
    loglevel: 'NONE',
    taskHandler: async (job) => {
      try {
        await importTask(options.db, jobToTask(job, options.names, options.now(), timeout), options.now());
      } catch (error) {
        options.log?.(`Expected to import user task job ${job.key}, but ${(error as Error).message}; it is imported when it comes back`);
      }
      return job.forward();
    },
  });
  return {
    close: async () => {
      await worker.close();
    },
  };
}

export function jobToTask(job: Job, names: ProcessNames, now: Date, timeoutMs: number): ImportedJob {
  const headers = job.customHeaders as Record<string, string | undefined>;
  const variables = (job.variables ?? {}) as Record<string, unknown>;
  const departmentId = typeof variables.departmentId === 'string' && variables.departmentId ? variables.departmentId : null;
  const deadline = Number(job.deadline);
  return {
    id: String(job.key),
    processInstanceKey: String(job.processInstanceKey),
    bpmnProcessId: job.bpmnProcessId,
    processName: names.processName(job.bpmnProcessId),
    elementId: job.elementId,
    elementName: names.elementName(job.bpmnProcessId, job.elementId),
    departmentId,
    formKey: headers[`${HEADER}formKey`] || null,
    assignee: headers[`${HEADER}assignee`] || null,
    candidateGroups: stringList(headers[`${HEADER}candidateGroups`]),
    candidateUsers: stringList(headers[`${HEADER}candidateUsers`]),
    dueDate: date(headers[`${HEADER}dueDate`]),
    followUpDate: date(headers[`${HEADER}followUpDate`]),
    variables,
    // The gateway's deadline when it gives one; otherwise what we asked for.
    leaseUntil: new Date(Number.isFinite(deadline) && deadline > 0 ? deadline : now.getTime() + timeoutMs),
  };
}

/** Zeebe writes the lists as JSON arrays; a plain "a, b" is read too, for diagrams from elsewhere. */
function stringList(text: string | undefined): string[] {
  if (!text) return [];
  try {
    const parsed = JSON.parse(text);
    if (Array.isArray(parsed)) return parsed.map(String).filter(Boolean);
  } catch {
    // not JSON: fall through to the comma form
  }
  return text.split(',').map((s) => s.trim()).filter(Boolean);
}

function date(text: string | undefined): Date | null {
  if (!text) return null;
  const parsed = new Date(text);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}
