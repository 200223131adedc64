import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { settleJob } from '../job-outcome';

export const NOTIFY_CONSTRUCTION = 'gx.adjustment.notify-construction';
export const ADJUSTMENT_APPROVED_MESSAGE = 'plan-adjustment-approved';

interface AdjustmentVariables {
  projectId: string;
  adjustmentReason: string;
  adjustmentDescription?: string;
  adjustmentChangesScheme?: boolean;
  adjustmentComment?: string;
}

/**
 * Art. 18: tells the project's running project-construction instance that an adjustment was approved. The
 * message lives for no time: when no construction instance runs, the approval stays on file in the archive
 * (filed by plan-adjustment itself) and nothing later picks up a stale message. The message id is this
 * instance, so a retried job does not deliver twice.
 */
export function registerNotifyConstruction(client: ZBClient, _deps: WorkerDeps): void {
  client.createWorker<AdjustmentVariables>({
    taskType: NOTIFY_CONSTRUCTION,
    fetchVariable: ['projectId', 'adjustmentReason', 'adjustmentDescription', 'adjustmentChangesScheme', 'adjustmentComment'],
    taskHandler: (job) =>
      settleJob(job, 'publish the approved adjustment', async () => {
        const v = job.variables;
        await client.publishMessage({
          name: ADJUSTMENT_APPROVED_MESSAGE,
          correlationKey: v.projectId,
          messageId: `adjustment-${job.processInstanceKey}`,
          timeToLive: 0,
          variables: {
            adjustmentInstanceKey: job.processInstanceKey,
            adjustmentReason: v.adjustmentReason,
            adjustmentDescription: v.adjustmentDescription ?? '',
            adjustmentChangesScheme: v.adjustmentChangesScheme === true,
            adjustmentComment: v.adjustmentComment ?? '',
          },
        });
        return {};
      }),
  });
}
