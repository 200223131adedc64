import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { findProject } from '../../projects/project-record';
import { adjustmentProject } from '../../rules/adjustment-project';
import { settleJob } from '../job-outcome';

export const LOAD_ADJUSTMENT_PROJECT = 'gx.adjustment.load-project';

/**
 * Art. 18: reads the project to adjust. Its own department replaces the `departmentId` the starter passed,
 * because the task list routes the user unit's tasks by that variable; the gateway after it reads `projectFound`.
 */
export function registerLoadAdjustmentProject(client: ZBClient, deps: WorkerDeps): void {
  client.createWorker<{ projectId: string }>({
    taskType: LOAD_ADJUSTMENT_PROJECT,
    fetchVariable: ['projectId'],
    taskHandler: (job) =>
      settleJob(job, 'read the project to adjust', async () => {
        const project = await findProject(deps.db, job.variables.projectId);
        const verdict = adjustmentProject(project, job.variables.projectId);
        if (!project) return { projectFound: false, projectReason: verdict.reason };
        return { projectFound: true, projectReason: verdict.reason, departmentId: project.departmentId, projectName: project.name };
      }),
  });
}
