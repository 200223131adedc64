import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { storeEvaluationReport, storeEvaluationScores } from '../../evaluation/evaluation-store';
import type { EvaluationScore } from '../../rules/evaluation-scores';
import { required, settleJob } from '../job-outcome';

/** gx.evaluation.store-scores: the validated scores and the report, kept for next year's planning (Art. 32). */
export function registerStoreEvaluationScores(client: ZBClient, deps: WorkerDeps): void {
  client.createWorker({
    taskType: 'gx.evaluation.store-scores',
    taskHandler: (job) =>
      settleJob(job, 'store the evaluation scores', async () => {
        const v = job.variables as Record<string, unknown>;
        const year = Number(required(v, 'evaluationYear'));
        const scores = [...((v.vendorScores as EvaluationScore[]) ?? []), ...((v.departmentScores as EvaluationScore[]) ?? [])];
        const key = String(job.processInstanceKey);
        await storeEvaluationScores(deps.db, year, scores, key);
        const reportId = await storeEvaluationReport(deps.db, year, required<string>(v, 'reportSummary'), key, deps.now());
        return { reportId, scoresStored: scores.length };
      }),
  });
}
