import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { listSystemsInOperation } from '../../operation/systems-in-operation';
import { settleJob } from '../job-outcome';

/**
 * gx.supervision.list-systems: every system in operation with a contract that has not ended (Art. 28);
 * suspended contracts are included, since only a later passed inspection resumes them (Art. 29).
 */
export function registerListSystemsForSupervision(client: ZBClient, deps: WorkerDeps): void {
  client.createWorker({
    taskType: 'gx.supervision.list-systems',
    taskHandler: (job) =>
      settleJob(job, 'list the systems for supervision', async () => {
        const systems = (await listSystemsInOperation(deps.db))
          .filter((s) => s.contract !== null)
          .map((s) => ({
            projectId: s.projectId,
            name: s.name,
            departmentId: s.departmentId,
            contractId: s.contract!.contractId,
            implementingUnit: s.contract!.implementingUnit,
            vendorUsername: s.contract!.vendorUsername,
            contractStatus: s.contract!.status,
          }));
        return { systems, systemCount: systems.length };
      }),
  });
}
