import { AUDITOR_GROUP, BUREAU_GROUP } from '../tasklist/visibility';

/**
 * Who may read the history (Art. 4 roles): auditors, who read everything and change nothing, and the Bureau,
 * which coordinates every procedure. Clerks and the other parties see their work in the task list only.
 */
export const HISTORY_READER_GROUPS: readonly string[] = [AUDITOR_GROUP, BUREAU_GROUP];

export function mayReadHistory(user: { groups: string[] }): boolean {
  return user.groups.some((group) => HISTORY_READER_GROUPS.includes(group));
}
