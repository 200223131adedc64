import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from './deps';
import { registerConvenePanel } from './review/convene-panel';

/** Workers shared by every chapter that reviews something with experts (Art. 9, Art. 14). */
export function registerReviewWorkers(client: ZBClient, deps: WorkerDeps): void {
  registerConvenePanel(client, deps);
}
