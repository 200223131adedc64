import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { storeEvaluationReport, storeEvaluationScores } from '../../evaluation/evaluation-store';
import { scoreHint } from '../../rules/department-flag';
import type { EvaluationScore } from '../../rules/evaluation-scores';
import { required, settleJob, type JobInput } from '../job-outcome';

/**
 * gx.evaluation.store-scores: the validated scores and the report, kept for next year's planning (Art. 32).
 * Each department also gets the hint of its score, for the Bureau marking it under Art. 30.
 */
export async function storeScoresOfJob(deps: WorkerDeps, job: JobInput): Promise<Record<string, unknown>> {
  const v = job.variables;
  const year = Number(required(v, 'evaluationYear'));
  const departmentScores = (v.departmentScores as EvaluationScore[]) ?? [];
  const scores = [...((v.vendorScores as EvaluationScore[]) ?? []), ...departmentScores];
  const key = String(job.processInstanceKey);
  await storeEvaluationScores(deps.db, year, scores, key);
  const reportId = await storeEvaluationReport(deps.db, { jobKey: job.key, year, summary: required<string>(v, 'reportSummary'), processInstanceKey: key, reportedAt: deps.now() });
  const departments = ((v.departments as Array<{ id: string; name: string }>) ?? []).map((d) => ({
    ...d,
    scoreHint: scoreHint(departmentScores.find((s) => s.subjectId === d.id)?.score)?.zh ?? '未评分',
  }));
  return { reportId, scoresStored: scores.length, departments };
}

export function registerStoreEvaluationScores(client: ZBClient, deps: WorkerDeps): void {
  client.createWorker({
    taskType: 'gx.evaluation.store-scores',
    taskHandler: (job) => settleJob(job, 'store the evaluation scores', () => storeScoresOfJob(deps, job)),
  });
}
