import type { Knex } from 'knex';
import { findUser } from '../directory/directory';
import { hashPassword, verifyPassword } from './passwords';
import type { SessionUser } from './session-user';

let decoyHash: Promise<string> | undefined;

/**
 * Checks a username and password. An unknown user costs the same scrypt work as a wrong password, so the
 * answer time does not tell which usernames exist.
 */
export async function authenticate(db: Knex, username: string, password: string): Promise<SessionUser | undefined> {
  const user = username ? await findUser(db, username) : undefined;
  if (!user || !user.active) {
    decoyHash ??= hashPassword('decoy password, never matches');
    await verifyPassword(password, await decoyHash);
    return undefined;
  }
  if (!(await verifyPassword(password, user.passwordHash))) return undefined;
  return { username: user.username, displayName: user.displayName, departmentId: user.departmentId, groups: user.groups };
}
