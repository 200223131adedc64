import type { Knex } from 'knex';
import { appendOperation } from './operation-log';
import { closeUnrenewedTasks, settleUnconfirmedCompletions } from './task-store';

/**
 * Periodically closes tasks whose job did not come back after its lease: with zeebe-node alone there is no
 * way to ask whether a job still exists, but a live job is handed to the worker again once its timeout
 * passes. graceMs covers the worker's polling delay; a task closed wrongly reopens when its job comes back.
 * The same reasoning settles completions whose answer never came: a job that did not come back was completed.
 */
export const DEFAULT_RECONCILE_GRACE_MS = 5 * 60_000;

export interface ReconcileOptions {
  db: Knex;
  now: () => Date;
  graceMs?: number;
  log?: (message: string) => void;
}

/** One pass; workerSince is when the import worker started polling. */
export async function reconcileOnce(options: ReconcileOptions, workerSince: Date): Promise<{ closed: string[]; settled: string[] }> {
  const grace = options.graceMs ?? DEFAULT_RECONCILE_GRACE_MS;
  const now = options.now();
  const closed = await closeUnrenewedTasks(options.db, now, grace, workerSince);
  const settled = await settleUnconfirmedCompletions(options.db, now, grace, workerSince);
  for (const task of settled) {
    await appendOperation(options.db, {
      at: now,
      username: task.completedBy ?? 'system',
      action: 'complete',
      taskId: task.id,
      processInstanceKey: task.processInstanceKey,
      detail: { settled: 'the engine did not answer in time; the job did not come back after its lease' },
    });
  }
  if (closed.length > 0) options.log?.(`Closed ${closed.length} task(s) whose job did not come back: ${closed.join(', ')}`);
  if (settled.length > 0) options.log?.(`Settled ${settled.length} unconfirmed completion(s) as completed: ${settled.map((t) => t.id).join(', ')}`);
  return { closed, settled: settled.map((t) => t.id) };
}

export function startReconciler(options: ReconcileOptions & { intervalMs?: number }): { stop(): void } {
  // Started together with the import worker: before then nothing was polling for returning jobs.
  const since = options.now();
  const timer = setInterval(() => {
    reconcileOnce(options, since).catch((error) => options.log?.(`Expected to reconcile the task list, but ${(error as Error).message}`));
  }, options.intervalMs ?? 60_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
