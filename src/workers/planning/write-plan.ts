import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { storeApprovedPlan } from '../../planning/plans';
import type { RegionalPlan } from '../../rules/plan-aggregation';
import { settleJob } from '../job-outcome';

export const WRITE_PLAN = 'gx.planning.write-plan';

interface Variables {
  regionalPlan: RegionalPlan;
  drcReview?: unknown;
  financeReview?: unknown;
  expertScores?: unknown;
  reviewPanelId?: unknown;
  consolidatedOpinion?: unknown;
  governmentComment?: unknown;
}

/**
 * Art. 9 → Art. 5: once the government approves, every item of the plan becomes a project with its plan
 * year and status 'approved', and the plan is stored with its totals, exclusions and review record.
 */
export function registerWritePlan(client: ZBClient, deps: WorkerDeps): void {
  client.createWorker<Variables>({
    taskType: WRITE_PLAN,
    fetchVariable: ['regionalPlan', 'drcReview', 'financeReview', 'expertScores', 'reviewPanelId', 'consolidatedOpinion', 'governmentComment'],
    taskHandler: (job) =>
      settleJob(job, 'write the approved plan', async () => {
        const { regionalPlan: plan, ...review } = job.variables;
        const stored = await storeApprovedPlan(deps.db, {
          planYear: plan.planYear,
          total: plan.total,
          summary: { totals: plan.totals, excluded: plan.excluded, departments: plan.departments, review },
          items: plan.items,
          processInstanceKey: job.processInstanceKey,
          approvedAt: deps.now(),
        });
        return { planId: stored.planId, projectIds: stored.projectIds };
      }),
  });
}
