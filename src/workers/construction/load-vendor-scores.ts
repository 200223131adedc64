import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { scoresBefore } from '../../evaluation/evaluation-store';
import { latestVendorScores, vendorScoreNotice } from '../../evaluation/vendor-score-notice';
import { beijingYear } from '../../rules/beijing-time';
import { settleJob } from '../job-outcome';

export const LOAD_VENDOR_SCORES = 'gx.construction.load-vendor-scores';

/**
 * Art. 32: before the Bureau approves a procurement plan, each vendor's latest dual-evaluation score (from
 * evaluations of earlier years, written by dual-evaluation) is put beside the decision, and stays in view
 * when the construction unit records which implementing unit procurement chose.
 */
export function registerLoadVendorScores(client: ZBClient, deps: WorkerDeps): void {
  client.createWorker({
    taskType: LOAD_VENDOR_SCORES,
    fetchVariable: ['projectId'],
    taskHandler: (job) =>
      settleJob(job, 'load the vendors’ evaluation scores', async () => {
        const latest = latestVendorScores(await scoresBefore(deps.db, 'vendor', beijingYear(deps.now())));
        return { latestVendorScores: latest, vendorScoreNotice: vendorScoreNotice(latest) };
      }),
  });
}
