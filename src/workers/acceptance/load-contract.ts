import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { latestContract } from '../../projects/contract-store';
import { settleJob } from '../job-outcome';

export const LOAD_CONTRACT = 'gx.acceptance.load-contract';

/** Art. 19: acceptance is organised against the project's contract; without one there is nothing to accept. */
export function registerLoadContract(client: ZBClient, deps: WorkerDeps): void {
  client.createWorker<{ projectId: string }>({
    taskType: LOAD_CONTRACT,
    fetchVariable: ['projectId'],
    taskHandler: (job) =>
      settleJob(job, 'read the contract', async () => {
        const contract = await latestContract(deps.db, job.variables.projectId);
        if (!contract) return { contractFound: false, acceptanceRound: 1 };
        return {
          contractFound: true,
          contractId: contract.id,
          contractImplementingUnit: contract.implementingUnit,
          // The vendor tasks (application, rectification) are visible only to this vendor user; null keeps them group-wide.
          vendorUsername: contract.vendorUsername,
          contractStartDate: contract.startDate,
          contractEndDate: contract.endDate,
          acceptanceRound: 1,
        };
      }),
  });
}
