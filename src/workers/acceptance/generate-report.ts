import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { fileInArchive } from '../../projects/archive';
import { ACCEPTANCE_CRITERIA, acceptanceReport } from '../../rules/acceptance-report';
import { beijingDate } from '../../rules/beijing-time';
import { settleJob, type JobInput } from '../job-outcome';

export const GENERATE_REPORT = 'gx.acceptance.generate-report';

/** Art. 21: the acceptance report of this round, from the five criteria, filed in the archive pass or fail. */
export async function generateReport(deps: WorkerDeps, job: JobInput): Promise<Record<string, unknown>> {
  const now = deps.now();
  const { verdict, report } = acceptanceReport({
    projectId: String(job.variables.projectId),
    round: Number(job.variables.acceptanceRound ?? 1),
    examinedOn: beijingDate(now),
    results: job.variables,
    findings: job.variables.acceptanceFindings as string | undefined,
  });
  await fileInArchive(deps.db, {
    projectId: report.projectId,
    kind: 'acceptance-report',
    title: `项目验收报告（第${report.round}轮）`,
    content: { ...report, contractId: job.variables.contractId ?? null },
    filedBy: 'big-data-bureau',
    processInstanceKey: job.processInstanceKey,
    jobKey: job.key,
    filedAt: now,
  });
  return { acceptancePassed: verdict.ok, acceptanceConclusion: { ...verdict.reason } };
}

export function registerGenerateReport(client: ZBClient, deps: WorkerDeps): void {
  client.createWorker<Record<string, unknown>>({
    taskType: GENERATE_REPORT,
    fetchVariable: ['projectId', 'acceptanceRound', 'acceptanceFindings', 'contractId', ...ACCEPTANCE_CRITERIA.map((c) => c.key)],
    taskHandler: (job) => settleJob(job, 'file the acceptance report', () => generateReport(deps, job)),
  });
}
