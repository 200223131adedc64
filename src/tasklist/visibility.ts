import type { SessionUser } from '../auth/session-user';
import type { Task } from './task';

/**
 * Who sees and who may act on a task. A task belongs to its assignee, its candidate users and the members of
 * its candidate groups; a task of a department's process (departmentId) is in addition limited to users of
 * that department. Users outside every department (the Bureau, Finance, experts…) are regional bodies and
 * are not limited by department. Auditors see every task and act on none.
 * The same rule is written as SQL in task-store.ts (visibleTo) for lists; the authorisation matrix test
 * checks both against each other.
 */
export const AUDITOR_GROUP = 'auditor';
export const BUREAU_GROUP = 'big-data-bureau';

type TaskParties = Pick<Task, 'assignee' | 'candidateUsers' | 'candidateGroups' | 'departmentId'>;

export function isAuditor(user: SessionUser): boolean {
  return user.groups.includes(AUDITOR_GROUP);
}

export function isCandidate(user: SessionUser, task: TaskParties): boolean {
  return (
    task.assignee === user.username ||
    task.candidateUsers.includes(user.username) ||
    task.candidateGroups.some((group) => user.groups.includes(group))
  );
}

export function inTaskDepartment(user: SessionUser, task: TaskParties): boolean {
  return !task.departmentId || !user.departmentId || user.departmentId === task.departmentId || user.groups.includes(BUREAU_GROUP);
}

export function canSee(user: SessionUser, task: TaskParties): boolean {
  return isAuditor(user) || (isCandidate(user, task) && inTaskDepartment(user, task));
}

export function canAct(user: SessionUser, task: TaskParties): boolean {
  return !isAuditor(user) && isCandidate(user, task) && inTaskDepartment(user, task);
}
