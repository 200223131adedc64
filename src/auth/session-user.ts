import type { Knex } from 'knex';
import { findUser } from '../directory/directory';

/** The signed-in user as the task list sees them: who, in which department, in which groups (Art. 4 roles). */
export interface SessionUser {
  username: string;
  displayName: string;
  departmentId: string | null;
  groups: string[];
}

/** The active user of that name, or undefined (unknown or deactivated users have no session). */
export async function loadSessionUser(db: Knex, username: string): Promise<SessionUser | undefined> {
  const user = await findUser(db, username);
  if (!user || !user.active) return undefined;
  return { username: user.username, displayName: user.displayName, departmentId: user.departmentId, groups: user.groups };
}
