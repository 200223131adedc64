import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { findDepartment, findUser } from '../../directory/directory';
import { chooseCloudChief } from '../../rules/cloud-chief-routing';
import { NeedsPerson, settleJob } from '../job-outcome';

export const ROUTE_TO_CLOUD_CHIEF = 'gx.planning.route-to-cloud-chief';

/**
 * Art. 7(4): sets `cloudChief`, the approval task's assignee. A directory without a usable cloud chief is
 * not something the process can decide: the job fails, and when retries run out the incident tells the
 * Bureau to fix the directory; resolving it routes again.
 */
export function registerRouteToCloudChief(client: ZBClient, deps: WorkerDeps): void {
  client.createWorker<{ departmentId: string }>({
    taskType: ROUTE_TO_CLOUD_CHIEF,
    fetchVariable: ['departmentId'],
    taskHandler: (job) =>
      settleJob(job, 'route the plan to the cloud chief', async () => {
        const { departmentId } = job.variables;
        const department = await findDepartment(deps.db, departmentId);
        const chief = department?.cloudChief ? await findUser(deps.db, department.cloudChief) : undefined;
        const verdict = chooseCloudChief(departmentId, department, chief);
        if (!verdict.ok) {
          throw new NeedsPerson(`Art. ${verdict.article}: ${verdict.reason.zh} / ${verdict.reason.en}`, { backOffMs: 60_000 });
        }
        return { cloudChief: verdict.cloudChief };
      }),
  });
}
