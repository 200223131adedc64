import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { adjustmentReason, SCHEME_CHANGING_REASONS, type AdjustmentReason } from '../../rules/adjustment-reason';
import { settleJob } from '../job-outcome';

export const CHECK_ADJUSTMENT_REASON = 'gx.adjustment.check-reason';

/** Art. 18: only the three grounds are admissible; the gateway after it reads `adjustmentAdmissible`. */
export function registerCheckAdjustmentReason(client: ZBClient, _deps: WorkerDeps): void {
  client.createWorker<{ adjustmentReason?: string }>({
    taskType: CHECK_ADJUSTMENT_REASON,
    fetchVariable: ['adjustmentReason'],
    taskHandler: (job) =>
      settleJob(job, 'check the adjustment reason', async () => {
        const verdict = adjustmentReason(job.variables.adjustmentReason);
        return {
          adjustmentAdmissible: verdict.ok,
          adjustmentVerdict: { ...verdict.reason },
          adjustmentChangesScheme: SCHEME_CHANGING_REASONS.includes(job.variables.adjustmentReason as AdjustmentReason),
        };
      }),
  });
}
