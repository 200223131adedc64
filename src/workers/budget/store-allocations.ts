import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { BudgetYearTaken, storeBudget } from '../../budget/budgets';
import type { BudgetAllocation } from '../../rules/budget-allocation';
import { NeedsPerson, settleJob } from '../job-outcome';

export const STORE_ALLOCATIONS = 'gx.budget.store-allocations';

interface Variables {
  budgetYear: number;
  allotmentReference?: string;
  budgetAllocation: Omit<BudgetAllocation, 'ok' | 'article' | 'reason'>;
  drcReview?: unknown;
  financeReview?: unknown;
  bureauComment?: unknown;
}

/** Art. 11: the confirmed allocations, unfunded entries included, become the year's budget record. */
export function registerStoreAllocations(client: ZBClient, deps: WorkerDeps): void {
  client.createWorker<Variables>({
    taskType: STORE_ALLOCATIONS,
    fetchVariable: ['budgetYear', 'allotmentReference', 'budgetAllocation', 'drcReview', 'financeReview', 'bureauComment'],
    taskHandler: (job) =>
      settleJob(job, 'store the budget allocations', async () => {
        const v = job.variables;
        const budgetId = await storeBudget(deps.db, {
          year: Number(v.budgetYear),
          allotment: v.budgetAllocation.allotment,
          allocated: v.budgetAllocation.allocated,
          allotmentReference: v.allotmentReference ?? null,
          review: { drc: v.drcReview ?? null, finance: v.financeReview ?? null, bureau: v.bureauComment ?? null },
          allocations: v.budgetAllocation.allocations,
          processInstanceKey: job.processInstanceKey,
          at: deps.now(),
        }).catch((error) => {
          // A second budget for the year is for a person to settle (withdraw one), not for a retry.
          throw error instanceof BudgetYearTaken ? new NeedsPerson(error.message) : error;
        });
        return { budgetId };
      }),
  });
}
