import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { validateEvaluationScores } from '../../rules/evaluation-scores';
import { settleJob } from '../job-outcome';

type Subject = { id: string };

/** gx.evaluation.validate-scores: every vendor and user unit scored 0–100 with a comment (Art. 31–32). */
export function registerValidateEvaluationScores(client: ZBClient, _deps: WorkerDeps): void {
  client.createWorker({
    taskType: 'gx.evaluation.validate-scores',
    taskHandler: (job) =>
      settleJob(job, 'validate the evaluation scores', async () => {
        const v = job.variables as Record<string, unknown>;
        const scores = [...((v.vendorScores as unknown[]) ?? []), ...((v.departmentScores as unknown[]) ?? [])];
        const verdict = validateEvaluationScores(scores, {
          vendors: ((v.vendors as Subject[]) ?? []).map((s) => s.id),
          departments: ((v.departments as Subject[]) ?? []).map((s) => s.id),
        });
        return { scoresValid: verdict.ok, scoreProblems: verdict.ok ? null : verdict.reason.zh };
      }),
  });
}
