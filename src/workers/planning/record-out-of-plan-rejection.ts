import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { recordOutOfPlanDecision } from '../../planning/out-of-plan';
import { beijingYear } from '../../rules/beijing-time';
import { settleJob } from '../job-outcome';
import { applicationItem, type OutOfPlanVariables } from './out-of-plan-variables';

export const RECORD_OUT_OF_PLAN_REJECTION = 'gx.planning.record-out-of-plan-rejection';

/** Art. 10: a rejected application (by the Bureau or the government) is recorded with the reason given. */
export function registerRecordOutOfPlanRejection(client: ZBClient, deps: WorkerDeps): void {
  client.createWorker<OutOfPlanVariables>({
    taskType: RECORD_OUT_OF_PLAN_REJECTION,
    taskHandler: (job) =>
      settleJob(job, 'record the rejection of the out-of-plan application', async () => {
        const v = job.variables;
        const byGovernment = v.bureauDecision === 'approve';
        const comment = (byGovernment ? v.governmentComment : v.bureauComment) ?? '';
        const rejectionReason = {
          zh: `${byGovernment ? '自治区人民政府不同意' : '大数据发展局审核未通过'}：${comment || '未说明理由'}`,
          en: `${byGovernment ? 'The government did not consent' : 'The Bureau rejected the application'}: ${comment || 'no reason given'}`,
        };
        const now = deps.now();
        await recordOutOfPlanDecision(deps.db, {
          departmentId: v.departmentId,
          planYear: beijingYear(now),
          item: applicationItem(v) as Record<string, unknown>,
          orderedBy: v.orderedBy ?? 'unknown',
          orderReference: v.orderReference ?? null,
          status: 'rejected',
          reason: rejectionReason.zh,
          projectId: null,
          processInstanceKey: job.processInstanceKey,
          at: now,
        });
        return { rejectionReason };
      }),
  });
}
