import { fail, pass, type Verdict } from './verdict';

/**
 * Art. 18: an adjustment changes the annual construction (O&M) scheme of one existing project; an application
 * naming no known project has nothing to adjust.
 */
export function adjustmentProject(project: { name: string } | undefined, projectId: string): Verdict {
  if (!project) {
    return fail(18, { zh: `项目 ${projectId} 不存在，无可调整的年度建设（运维）方案`, en: `Project ${projectId} does not exist, so there is no annual construction (O&M) scheme to adjust` });
  }
  return pass(18, { zh: `调整项目：${project.name}`, en: `Adjusting project ${project.name}` });
}
