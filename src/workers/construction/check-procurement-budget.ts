import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { procurementBudget } from '../../rules/procurement-budget';
import { settleJob } from '../job-outcome';

export const CHECK_PROCUREMENT_BUDGET = 'gx.construction.check-procurement-budget';

/** Art. 15 (derived): the procurement budget may not exceed the investment estimate of the reviewed scheme. */
export function registerCheckProcurementBudget(client: ZBClient, _deps: WorkerDeps): void {
  client.createWorker<{ procurementBudget: unknown; investmentEstimate: unknown }>({
    taskType: CHECK_PROCUREMENT_BUDGET,
    fetchVariable: ['procurementBudget', 'investmentEstimate'],
    taskHandler: (job) =>
      settleJob(job, 'check the procurement budget', async () => {
        const verdict = procurementBudget(job.variables.procurementBudget, job.variables.investmentEstimate);
        return { procurementWithinEstimate: verdict.ok, procurementReason: verdict.reason };
      }),
  });
}
