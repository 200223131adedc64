import type { Knex } from 'knex';
import { fileInArchive } from './archive';

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

/** One step of a project's life, as filed in its archive (Art. 23, kind `status-change`). */
export interface ProjectStatusChange {
  projectId: string;
  from: string;
  to: string;
  title: string;
  verdict: unknown;
  processInstanceKey: string;
  at: Date;
}

/** Moves a project to its next status and files the change in the archive, in one transaction. */
export async function changeProjectStatus(db: Knex, change: ProjectStatusChange): Promise<void> {
  await db.transaction((trx) => recordStatusChange(trx, change));
}

/**
 * The status change and its archive entry, for a caller that already holds the transaction the change
 * belongs to (signing a contract puts the project in construction together with the contract).
 */
export async function recordStatusChange(trx: Knex, change: ProjectStatusChange): Promise<void> {
  await setProjectStatus(trx, change.projectId, change.to);
  await fileInArchive(trx, {
    projectId: change.projectId,
    kind: 'status-change',
    title: change.title,
    content: { from: change.from, to: change.to, verdict: change.verdict },
    processInstanceKey: change.processInstanceKey,
    filedAt: change.at,
  });
}
