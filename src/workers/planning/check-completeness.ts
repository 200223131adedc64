import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { checkPlanCompleteness, type PlanDraft } from '../../rules/plan-completeness';
import { itemsSummary } from '../../planning/notices';
import { failTechnically } from '../job-outcome';

export const CHECK_COMPLETENESS = 'gx.planning.check-completeness';

/** Art. 7: the gateway after this task sends an incomplete plan back to the unit with `missingSections`. */
export function registerCheckCompleteness(client: ZBClient, _deps: WorkerDeps): void {
  client.createWorker<{ draft?: PlanDraft | null }>({
    taskType: CHECK_COMPLETENESS,
    fetchVariable: ['draft'],
    taskHandler: async (job) => {
      try {
        const verdict = checkPlanCompleteness(job.variables.draft);
        return job.complete({
          planComplete: verdict.ok,
          missingSections: verdict.missing,
          completenessReason: verdict.reason,
          planItems: verdict.items,
          missingList: verdict.ok ? null : verdict.missing.map((m) => m.zh).join('；'),
          departmentPlanSummary: itemsSummary(verdict.items),
        });
      } catch (error) {
        return failTechnically(job, 'check the plan for completeness', error);
      }
    },
  });
}
