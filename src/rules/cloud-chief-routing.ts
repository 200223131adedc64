import { fail, pass, type Verdict } from './verdict';

/**
 * Art. 7(4): a department's plan goes to that department's own cloud chief (云长) before it reaches the
 * Bureau. The choice is pure: the directory entries are looked up by the caller.
 */
export interface RoutingDepartment {
  id: string;
  cloudChief: string | null;
}

export interface RoutingUser {
  username: string;
  departmentId: string | null;
  groups: string[];
  active: boolean;
}

export interface RoutingVerdict extends Verdict {
  cloudChief?: string;
}

export function chooseCloudChief(departmentId: string, department: RoutingDepartment | undefined, chief: RoutingUser | undefined): RoutingVerdict {
  if (!department) {
    return fail(7, { zh: `目录中没有部门 ${departmentId}`, en: `Department ${departmentId} is not in the directory` });
  }
  if (!department.cloudChief) {
    return fail(7, { zh: `部门 ${departmentId} 未指定云长`, en: `Department ${departmentId} has no cloud chief` });
  }
  if (!chief || chief.username !== department.cloudChief) {
    return fail(7, { zh: `部门 ${departmentId} 的云长 ${department.cloudChief} 不在用户目录中`, en: `The cloud chief ${department.cloudChief} of department ${departmentId} is not a user` });
  }
  if (!chief.active) {
    return fail(7, { zh: `云长 ${chief.username} 的账号已停用`, en: `The cloud chief ${chief.username} is inactive` });
  }
  if (!chief.groups.includes('cloud-chief')) {
    return fail(7, { zh: `${chief.username} 不在云长组`, en: `${chief.username} is not in the cloud-chief group` });
  }
  if (chief.departmentId !== department.id) {
    return fail(7, { zh: `云长 ${chief.username} 不属于部门 ${departmentId}`, en: `The cloud chief ${chief.username} does not belong to department ${departmentId}` });
  }
  return { ...pass(7, { zh: `由本单位云长 ${chief.username} 审定`, en: `Approved by the department's cloud chief ${chief.username}` }), cloudChief: chief.username };
}
