import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { checkPlanCompleteness, type PlanDraft } from '../../rules/plan-completeness';
import { itemsSummary } from '../../planning/notices';
import { settleJob } from '../job-outcome';

export const CHECK_COMPLETENESS = 'gx.planning.check-completeness';

/** Art. 7: the gateway after this task sends an incomplete plan back to the unit with `missingSections`. */
export function registerCheckCompleteness(client: ZBClient, _deps: WorkerDeps): void {
  client.createWorker<{ draft?: PlanDraft | null }>({
    taskType: CHECK_COMPLETENESS,
    fetchVariable: ['draft'],
    taskHandler: (job) =>
      settleJob(job, 'check the plan for completeness', async () => {
        const verdict = checkPlanCompleteness(job.variables.draft);
        return {
          planComplete: verdict.ok,
          missingSections: verdict.missing,
          completenessReason: verdict.reason,
          planItems: verdict.items,
          missingList: verdict.ok ? null : verdict.missing.map((m) => m.zh).join('；'),
          departmentPlanSummary: itemsSummary(verdict.items),
        };
      }),
  });
}
