import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { flagDepartments } from '../../evaluation/evaluation-store';
import { departmentFlag } from '../../rules/department-flag';
import type { EvaluationScore } from '../../rules/evaluation-scores';
import { required, settleJob, type JobInput } from '../job-outcome';

interface DepartmentMark {
  departmentId: string;
  digitalGuangxiMark: string | null;
  bureauComment: string | null;
}

/**
 * gx.evaluation.flag-departments: each user unit the Bureau marked as not carrying out the Digital Guangxi
 * requirements is flagged for the next plan year (Art. 30); its score is quoted in the reason, never decides.
 */
export async function flagMarkedDepartments(deps: WorkerDeps, job: JobInput): Promise<Record<string, unknown>> {
  const v = job.variables;
  const planYear = Number(required(v, 'planYear'));
  const scores = new Map(((v.departmentScores as EvaluationScore[]) ?? []).map((s) => [s.subjectId, s.score]));
  const flagged: Array<{ departmentId: string; reason: string }> = [];
  for (const mark of (v.departmentMarks as DepartmentMark[]) ?? []) {
    const verdict = departmentFlag({
      departmentId: mark.departmentId,
      digitalGuangxiMet: mark.digitalGuangxiMark !== 'not-met',
      score: scores.get(mark.departmentId) ?? null,
      bureauComment: mark.bureauComment ?? undefined,
    });
    if (verdict.flagged) flagged.push({ departmentId: mark.departmentId, reason: verdict.reason.zh });
  }
  await flagDepartments(deps.db, { jobKey: job.key, planYear, flags: flagged, flaggedBy: 'big-data-bureau', flaggedAt: deps.now() });
  return { flaggedDepartments: flagged };
}

export function registerFlagDepartments(client: ZBClient, deps: WorkerDeps): void {
  client.createWorker({
    taskType: 'gx.evaluation.flag-departments',
    taskHandler: (job) => settleJob(job, 'flag the departments', () => flagMarkedDepartments(deps, job)),
  });
}
