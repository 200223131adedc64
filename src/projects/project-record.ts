import type { Knex } from 'knex';

/** One project as the construction, acceptance and lifecycle workers see it. */
export interface ProjectRecord {
  id: string;
  name: string;
  departmentId: string;
  planYear: number | null;
  status: string;
  estimate: string | null;
}

export async function findProject(db: Knex, id: string): Promise<ProjectRecord | undefined> {
  const row = await db('projects').where({ id }).first();
  if (!row) return undefined;
  return {
    id: row.id,
    name: row.name,
    departmentId: row.department_id,
    planYear: row.plan_year === null ? null : Number(row.plan_year),
    status: row.status,
    estimate: row.estimate === null ? null : String(row.estimate),
  };
}

export async function setProjectStatus(db: Knex, id: string, status: string): Promise<void> {
  await db('projects').where({ id }).update({ status });
}
