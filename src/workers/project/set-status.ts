import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { fileInArchive } from '../../projects/archive';
import { findProject, setProjectStatus } from '../../projects/project-record';
import { projectStatusChange } from '../../rules/project-status';
import { failTechnically } from '../job-outcome';

export const SET_PROJECT_STATUS = 'gx.project.set-status';

/**
 * Moves the project one step along its life (header `status`: accepted, in-operation) and files the change.
 * A project already in the target status is left alone, so a retried job is harmless; any other jump is a
 * modelling error and raises an incident.
 */
export function registerSetProjectStatus(client: ZBClient, deps: WorkerDeps): void {
  client.createWorker<{ projectId: string }>({
    taskType: SET_PROJECT_STATUS,
    fetchVariable: ['projectId'],
    taskHandler: async (job) => {
      const target = (job.customHeaders as Record<string, string>).status;
      try {
        const project = await findProject(deps.db, job.variables.projectId);
        if (project?.status === target) return job.complete({ projectStatus: target });
        const change = projectStatusChange(project?.status ?? 'unknown', target);
        if (!change.ok) return job.fail({ errorMessage: `Art. ${change.article}: ${change.reason.en} (${change.reason.zh})`, retries: 0 });
        await deps.db.transaction(async (trx) => {
          await setProjectStatus(trx, job.variables.projectId, target);
          await fileInArchive(trx, {
            projectId: job.variables.projectId,
            kind: 'status-change',
            title: target === 'in-operation' ? '项目转入运维' : '项目验收通过，状态变更为已验收',
            content: { from: project!.status, to: target, verdict: change },
            processInstanceKey: job.processInstanceKey,
            filedAt: deps.now(),
          });
        });
        return job.complete({ projectStatus: target });
      } catch (error) {
        return failTechnically(job, `set the project status to ${target}`, error);
      }
    },
  });
}
