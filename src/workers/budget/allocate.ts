import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { loadCommitments, loadNewItems } from '../../budget/candidates';
import { allocateBudget } from '../../rules/budget-allocation';
import { isYuan } from '../../rules/money';
import { allocationLines } from '../../planning/notices';
import { NeedsPerson, settleJob } from '../job-outcome';

export const ALLOCATE = 'gx.budget.allocate';

/** Art. 11: commitments first, then approved new items (priority first), within the allotment; the rest unfunded. */
export function registerAllocate(client: ZBClient, deps: WorkerDeps): void {
  client.createWorker<{ budgetYear: number; allotment: string }>({
    taskType: ALLOCATE,
    fetchVariable: ['budgetYear', 'allotment'],
    taskHandler: (job) =>
      settleJob(job, 'allocate the budget', async () => {
        const { budgetYear, allotment } = job.variables;
        if (!isYuan(allotment)) {
          throw new NeedsPerson(`Art. 11: 资金规模格式错误 / Expected the allotment in yuan such as "1200000.00", but got ${JSON.stringify(allotment)}`);
        }
        const year = Number(budgetYear);
        const result = allocateBudget(String(allotment), await loadCommitments(deps.db, year), await loadNewItems(deps.db, year));
        const { ok, article, reason, ...figures } = result;
        return {
          budgetAllocation: figures,
          allFunded: ok,
          allocationReason: { article, ...reason },
          unfunded: figures.unfunded,
          allocated: figures.allocated,
          allocationSummary: allocationLines(figures.allocations),
          unfundedList: figures.unfunded.length > 0 ? allocationLines(figures.unfunded) : '无',
        };
      }),
  });
}
