import type { Knex } from 'knex';
import { closeUnrenewedTasks } from './task-store';

/**
 * Periodically closes tasks whose job did not come back after its lease: with zeebe-node alone there is no
 * way to ask whether a job still exists, but a live job is handed to the worker again once its timeout
 * passes. graceMs covers the worker's polling delay; a task closed wrongly reopens when its job comes back.
 */
export const DEFAULT_RECONCILE_GRACE_MS = 5 * 60_000;

export function startReconciler(options: {
  db: Knex;
  now: () => Date;
  graceMs?: number;
  intervalMs?: number;
  log?: (message: string) => void;
}): { stop(): void } {
  // Started together with the import worker: before then nothing was polling for returning jobs.
  const since = options.now();
  const timer = setInterval(() => {
    closeUnrenewedTasks(options.db, options.now(), options.graceMs ?? DEFAULT_RECONCILE_GRACE_MS, since)
      .then((closed) => {
        if (closed.length > 0) options.log?.(`Closed ${closed.length} task(s) whose job did not come back: ${closed.join(', ')}`);
      })
      .catch((error) => options.log?.(`Expected to reconcile the task list, but ${(error as Error).message}`));
  }, options.intervalMs ?? 60_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
