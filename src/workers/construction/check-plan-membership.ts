import type { ZBClient } from 'zeebe-node';
import type { WorkerDeps } from '../deps';
import { fileInArchive } from '../../projects/archive';
import { findProject } from '../../projects/project-record';
import { normalYuan } from '../../rules/money';
import { planMembership } from '../../rules/plan-membership';
import { settleJob } from '../job-outcome';

export const CHECK_PLAN_MEMBERSHIP = 'gx.construction.check-plan-membership';

/**
 * Art. 5: the gate before requirements research; the gateway after it reads `inApprovedPlan`. It also returns
 * the project's own department as `departmentId`, over whatever the starter passed: the task list routes the
 * department's tasks by that variable, so a wrong start value must not send them to another department.
 */
export function registerCheckPlanMembership(client: ZBClient, deps: WorkerDeps): void {
  client.createWorker<{ projectId: string; departmentId?: string }>({
    taskType: CHECK_PLAN_MEMBERSHIP,
    fetchVariable: ['projectId', 'departmentId'],
    taskHandler: (job) =>
      settleJob(job, 'read the project', async () => {
        const project = await findProject(deps.db, job.variables.projectId);
        const verdict = planMembership(project);
        if (project) {
          await fileInArchive(deps.db, {
            projectId: project.id,
            kind: 'plan-membership',
            title: verdict.ok ? '年度计划核验：通过' : '年度计划核验：未通过',
            content: { planYear: project.planYear, status: project.status, verdict, ...departmentCorrection(job.variables.departmentId, project.departmentId) },
            processInstanceKey: job.processInstanceKey,
            jobKey: job.key,
            filedAt: deps.now(),
          });
        }
        return {
          inApprovedPlan: verdict.ok,
          planMembershipReason: verdict.reason,
          projectName: project?.name ?? null,
          // The plan's estimate goes on as a yuan string: a number would carry it through floating point.
          projectEstimate: normalYuan(project?.estimate),
          ...(project ? { departmentId: project.departmentId } : {}),
        };
      }),
  });
}

/** Records, next to the plan check, that the instance was started with another department than the project's. */
function departmentCorrection(given: string | undefined, actual: string): Record<string, string> {
  return given !== undefined && given !== actual ? { departmentId: actual, startedWithDepartmentId: given } : {};
}
