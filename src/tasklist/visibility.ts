import type { SessionUser } from '../auth/session-user';
import type { Task } from './task';

/**
 * Who sees and who may act on a task. A task belongs to its assignee, its candidate users and the members of
 * its candidate groups. Membership of a candidate group is narrowed by two scopes; being named on the task
 * (assignee or candidate user) is not, because whoever named the person already chose them:
 * - department: a task of a department's process (departmentId) is limited to users of that department;
 *   users outside every department (the Bureau, Finance, experts…) are regional bodies and are not limited;
 * - vendor: a task whose variables name a vendor (vendorUsername) is, for users of the vendor group, limited
 *   to that vendor's user, so that vendors never see each other's work; other roles are not limited.
 * Auditors see every task and act on none.
 * The same rule is written as SQL in task-store.ts (visibleTo) for lists; the authorisation matrix test
 * checks both against each other.
 */
export const AUDITOR_GROUP = 'auditor';
export const BUREAU_GROUP = 'big-data-bureau';
export const VENDOR_GROUP = 'vendor';
/** The process variable naming the vendor's user in the directory (contracts.vendor_username). */
export const VENDOR_VARIABLE = 'vendorUsername';

type TaskParties = Pick<Task, 'assignee' | 'candidateUsers' | 'candidateGroups' | 'departmentId' | 'variables'>;

export function isAuditor(user: SessionUser): boolean {
  return user.groups.includes(AUDITOR_GROUP);
}

/** Named on the task by the process: its assignee or one of its candidate users. */
export function isNamed(user: SessionUser, task: TaskParties): boolean {
  return task.assignee === user.username || task.candidateUsers.includes(user.username);
}

export function isCandidate(user: SessionUser, task: TaskParties): boolean {
  return isNamed(user, task) || (task.candidateGroups.some((group) => user.groups.includes(group)) && inTaskDepartment(user, task) && inVendorScope(user, task));
}

export function inTaskDepartment(user: SessionUser, task: TaskParties): boolean {
  return !task.departmentId || !user.departmentId || user.departmentId === task.departmentId || user.groups.includes(BUREAU_GROUP);
}

export function inVendorScope(user: SessionUser, task: TaskParties): boolean {
  const vendor = vendorOf(task);
  return vendor === null || !user.groups.includes(VENDOR_GROUP) || user.username === vendor;
}

/** As PostgreSQL's variables->>'vendorUsername' reads it, so that the SQL scope agrees. */
function vendorOf(task: TaskParties): string | null {
  const value = task.variables?.[VENDOR_VARIABLE];
  if (value === undefined || value === null || value === '') return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function canSee(user: SessionUser, task: TaskParties): boolean {
  return isAuditor(user) || isCandidate(user, task);
}

export function canAct(user: SessionUser, task: TaskParties): boolean {
  return !isAuditor(user) && isCandidate(user, task);
}
