import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from './deps';
import { registerConstructionWorkers } from './construction';
import { registerOperationWorkers } from './operation';
import { registerPlanningWorkers } from './planning';
import { registerReviewWorkers } from './review';
import { observeJobs, type JobObserver } from './observe-jobs';

/**
 * Every job worker of the regulation's processes. Each chapter registers its own workers; they reach the
 * engine only through the zeebe-node client, so they run the same against a real Zeebe cluster.
 */
type Registration = (client: ZBClient, deps: WorkerDeps) => void;

const chapters: Registration[] = [registerReviewWorkers, registerPlanningWorkers, registerConstructionWorkers, registerOperationWorkers];

/** With an observer (the metrics), every job the workers receive and answer is counted and timed. */
export function startWorkers(client: ZBClient, deps: WorkerDeps, jobs?: JobObserver): void {
  const observedClient = jobs ? observeJobs(client, jobs) : client;
  for (const register of chapters) register(observedClient, deps);
}
