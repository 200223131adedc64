import { fail, pass, type Verdict } from './verdict';

/** What Art. 5 needs to know of a project: the plan year that holds it and its status. */
export interface PlanStanding {
  planYear: number | null;
  status: string;
}

/**
 * Art. 5 (统一计划安排): a project may enter requirements research, procurement or contract only as an item
 * of an approved annual plan (or an approved out-of-plan addition, which also sets the plan year).
 */
export function planMembership(project: PlanStanding | undefined): Verdict {
  if (!project) {
    return fail(5, { zh: '项目不存在，不能进入需求调研、采购或合同环节', en: 'The project does not exist, so it cannot enter requirements research, procurement or contract' });
  }
  if (project.planYear === null || project.planYear === undefined) {
    return fail(5, { zh: '项目未列入已批准的年度计划，不能进入需求调研、采购或合同环节', en: 'The project is not an item of an approved annual plan, so it cannot enter requirements research, procurement or contract' });
  }
  if (project.status === 'planned') {
    return fail(5, { zh: `项目所在的${project.planYear}年度计划尚未批准，不能进入需求调研、采购或合同环节`, en: `The ${project.planYear} plan holding the project is not approved yet, so it cannot enter requirements research, procurement or contract` });
  }
  return pass(5, { zh: `项目是${project.planYear}年度已批准计划的项目`, en: `The project is an item of the approved ${project.planYear} plan` });
}
