import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { systemSecurityReviewer } from '../../rules/security-duty';
import { required, settleJob } from '../job-outcome';

/** gx.security.assign-duties: who reviews the system's security management, per the Art. 24 split. */
export function registerAssignSecurityDuties(client: ZBClient, _deps: WorkerDeps): void {
  client.createWorker({
    taskType: 'gx.security.assign-duties',
    taskHandler: (job) =>
      settleJob(job, 'assign the security duties', async () => {
        const duty = systemSecurityReviewer(required<string>(job.variables, 'category'));
        if (!duty.ok || !duty.party) throw new Error(duty.reason.en);
        return { reviewerGroup: duty.party, reviewerReason: duty.reason.zh };
      }),
  });
}
