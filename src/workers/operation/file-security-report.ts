import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { fileInArchive } from '../../projects/archive';
import { recordSecurityAssessment } from '../../operation/security-assessments';
import { beijingYear } from '../../rules/beijing-time';
import { securityDutyHolder } from '../../rules/security-duty';
import { required, settleJob } from '../job-outcome';

/**
 * gx.security.file-report: the acknowledged yearly report (Art. 25) is recorded, each kind of finding with
 * the party Art. 24 makes answer for it, and filed in the project archive.
 */
export function registerFileSecurityReport(client: ZBClient, deps: WorkerDeps): void {
  client.createWorker({
    taskType: 'gx.security.file-report',
    taskHandler: (job) =>
      settleJob(job, 'file the security report', async () => {
        const v = job.variables as Record<string, unknown>;
        const areas = (v.findingAreas as string[] | null) ?? [];
        const responsibilities = areas.map((area) => {
          const duty = securityDutyHolder(area);
          if (!duty.ok || !duty.party) throw new Error(duty.reason.en);
          return { area, party: duty.party, reason: duty.reason.zh };
        });
        const projectId = required<string>(v, 'projectId');
        const report = {
          projectId,
          processInstanceKey: String(job.processInstanceKey),
          testDate: required<string>(v, 'testDate'),
          riskLevel: required<string>(v, 'riskLevel'),
          responsibilities: responsibilities.map(({ area, party }) => ({ area, party })),
          findings: (v.findings as string | null) ?? null,
          domesticDatabase: v.domesticDatabase === true,
          domesticOs: v.domesticOs === true,
          domesticChips: v.domesticChips === true,
          reviewedByGroup: required<string>(v, 'reviewerGroup'),
          reviewComment: (v.reviewComment as string | null) ?? null,
          acknowledgementComment: (v.acknowledgementComment as string | null) ?? null,
          assessedAt: deps.now(),
        };
        const assessmentId = await recordSecurityAssessment(deps.db, report);
        await fileInArchive(deps.db, {
          projectId,
          kind: 'security-assessment',
          title: `${v.assessmentYear ?? beijingYear(report.assessedAt)}年度网络安全检测与风险评估报告`,
          content: { ...report, assessmentId, responsibilities, assessedAt: report.assessedAt.toISOString() },
          processInstanceKey: String(job.processInstanceKey),
          filedAt: report.assessedAt,
        });
        return { assessmentId, responsibilities };
      }),
  });
}
