import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { findProject } from '../../projects/project-record';
import { adjustmentProject } from '../../rules/adjustment-project';
import { failTechnically } from '../job-outcome';

export const LOAD_ADJUSTMENT_PROJECT = 'gx.adjustment.load-project';

/**
 * Art. 18: reads the project to adjust. Its own department replaces the `departmentId` the starter passed,
 * because the task list routes the user unit's tasks by that variable; the gateway after it reads `projectFound`.
 */
export function registerLoadAdjustmentProject(client: ZBClient, deps: WorkerDeps): void {
  client.createWorker<{ projectId: string }>({
    taskType: LOAD_ADJUSTMENT_PROJECT,
    fetchVariable: ['projectId'],
    taskHandler: async (job) => {
      try {
        const project = await findProject(deps.db, job.variables.projectId);
        const verdict = adjustmentProject(project, job.variables.projectId);
        if (!project) return job.complete({ projectFound: false, projectReason: verdict.reason });
        return job.complete({ projectFound: true, projectReason: verdict.reason, departmentId: project.departmentId, projectName: project.name });
      } catch (error) {
        return failTechnically(job, 'read the project to adjust', error);
      }
    },
  });
}
