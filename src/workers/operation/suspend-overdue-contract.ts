import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { applyContractTransition } from './apply-contract-transition';
import { required, settleJob } from '../job-outcome';

const DAY = 24 * 60 * 60 * 1000;

/**
 * gx.supervision.suspend-contract: the rectification deadline passed (Art. 29), so the contract's execution
 * is suspended (or stays so); the vendor gets a new deadline for the same findings.
 */
export function registerSuspendOverdueContract(client: ZBClient, deps: WorkerDeps): void {
  client.createWorker({
    taskType: 'gx.supervision.suspend-contract',
    taskHandler: (job) =>
      settleJob(job, 'suspend the overdue contract', async () => {
        const v = job.variables as Record<string, unknown>;
        const now = deps.now();
        const transition = await applyContractTransition(
          deps.db,
          { projectId: required<string>(v, 'projectId'), contractId: required<string>(v, 'contractId'), processInstanceKey: String(job.processInstanceKey), now },
          'overdue',
        );
        const days = Number(/^P(\d+)D$/.exec(String(v.rectificationPeriod ?? ''))?.[1] ?? 30);
        return {
          contractStatus: transition.next,
          contractReason: transition.reason.zh,
          rectificationDueDate: new Date(now.getTime() + days * DAY).toISOString(),
        };
      }),
  });
}
