import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { aggregatePlans, type DepartmentPlan } from '../../rules/plan-aggregation';
import { departmentNotices, itemsSummary } from '../../planning/notices';
import { settleJob } from '../job-outcome';

export const AGGREGATE = 'gx.planning.aggregate';

/** Art. 8: one regional plan out of the departments' plans, priority items first, totals per department. */
export function registerAggregate(client: ZBClient, _deps: WorkerDeps): void {
  client.createWorker<{ planYear: number; departmentPlans: DepartmentPlan[] }>({
    taskType: AGGREGATE,
    fetchVariable: ['planYear', 'departmentPlans'],
    taskHandler: (job) =>
      settleJob(job, 'aggregate the departments’ plans', async () => {
        const result = aggregatePlans(Number(job.variables.planYear), (job.variables.departmentPlans ?? []).filter(Boolean));
        return {
          regionalPlan: result.plan,
          aggregationReason: result.reason,
          planTotal: result.plan.total,
          planSummary: itemsSummary(result.plan.items),
          departmentNotice: departmentNotices(result.plan),
        };
      }),
  });
}
