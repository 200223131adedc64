import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from './deps';
import { registerConstructionWorkers } from './construction';
import { registerOperationWorkers } from './operation';
import { registerPlanningWorkers } from './planning';
import { registerReviewWorkers } from './review';

/**
 * Every job worker of the regulation's processes. Each chapter registers its own workers; they reach the
 * engine only through the zeebe-node client, so they run the same against a real Zeebe cluster.
 */
type Registration = (client: ZBClient, deps: WorkerDeps) => void;

const chapters: Registration[] = [registerReviewWorkers, registerPlanningWorkers, registerConstructionWorkers, registerOperationWorkers];

export function startWorkers(client: ZBClient, deps: WorkerDeps): void {
  for (const register of chapters) register(client, deps);
}
