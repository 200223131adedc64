import type { Knex } from 'knex';

/** Reads of the directory (departments, users, groups). Plain objects out; knex stays in here. */

export interface Department {
  id: string;
  name: string;
  nameEn: string;
  cloudChief: string | null;
}

export interface DirectoryUser {
  username: string;
  displayName: string;
  departmentId: string | null;
  groups: string[];
  active: boolean;
}

export async function listDepartments(db: Knex): Promise<Department[]> {
  const rows = await db('departments').select('*').orderBy('id');
  return rows.map(toDepartment);
}

export async function findDepartment(db: Knex, id: string): Promise<Department | undefined> {
  const row = await db('departments').where({ id }).first();
  return row ? toDepartment(row) : undefined;
}

export async function findUser(db: Knex, username: string): Promise<(DirectoryUser & { passwordHash: string }) | undefined> {
  const row = await db('users').where({ username }).first();
  if (!row) return undefined;
  const groups = await db('user_groups').where({ username }).orderBy('group_id').pluck('group_id');
  return { ...toUser(row, groups), passwordHash: row.password_hash };
}

/** Active members of a group, optionally only those of one department, ordered by username. */
export async function usersInGroup(db: Knex, groupId: string, departmentId?: string): Promise<DirectoryUser[]> {
  const query = db('users')
    .join('user_groups', 'users.username', 'user_groups.username')
    .where('user_groups.group_id', groupId)
    .andWhere('users.active', true)
    .select('users.*')
    .orderBy('users.username');
  if (departmentId !== undefined) query.andWhere('users.department_id', departmentId);
  const rows = await query;
  const groups = await groupsOf(db, rows.map((row: any) => row.username));
  return rows.map((row: any) => toUser(row, groups.get(row.username) ?? []));
}

async function groupsOf(db: Knex, usernames: string[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (usernames.length === 0) return result;
  const rows = await db('user_groups').whereIn('username', usernames).orderBy('group_id');
  for (const row of rows) result.set(row.username, [...(result.get(row.username) ?? []), row.group_id]);
  return result;
}

function toDepartment(row: any): Department {
  return { id: row.id, name: row.name, nameEn: row.name_en, cloudChief: row.cloud_chief ?? null };
}

function toUser(row: any, groups: string[]): DirectoryUser {
  return { username: row.username, displayName: row.display_name, departmentId: row.department_id ?? null, groups, active: row.active };
}
