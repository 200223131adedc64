import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { changeProjectStatus, findProject } from '../../projects/project-record';
import { projectStatusChange } from '../../rules/project-status';
import { NeedsPerson, settleJob } from '../job-outcome';

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
    taskHandler: (job) => {
      const target = (job.customHeaders as Record<string, string>).status;
      return settleJob(job, `set the project status to ${target}`, async () => {
        const project = await findProject(deps.db, job.variables.projectId);
        if (project?.status === target) return { projectStatus: target };
        const change = projectStatusChange(project?.status ?? 'unknown', target);
        if (!change.ok) throw new NeedsPerson(`Art. ${change.article}: ${change.reason.en} (${change.reason.zh})`);
        await changeProjectStatus(deps.db, {
          projectId: job.variables.projectId,
          from: project!.status,
          to: target,
          title: target === 'in-operation' ? '项目转入运维' : '项目验收通过，状态变更为已验收',
          verdict: change,
          processInstanceKey: job.processInstanceKey,
          at: deps.now(),
        });
        return { projectStatus: target };
      });
    },
  });
}
