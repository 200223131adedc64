import type { Knex } from 'knex';

/** The project archive (Art. 23): every document and decision of a project, filed in order. */
export interface ArchiveEntry {
  id: number;
  projectId: string;
  kind: string;
  title: string;
  content: Record<string, unknown>;
  filedBy: string | null;
  processInstanceKey: string | null;
  filedAt: Date;
}

export interface NewArchiveEntry {
  projectId: string;
  kind: string;
  title: string;
  content: Record<string, unknown>;
  filedBy?: string;
  processInstanceKey?: string;
  filedAt: Date;
  /** The job filing it: a retried job (same key) finds its entry of this kind instead of filing it again. */
  jobKey?: string;
}

export async function fileInArchive(db: Knex, entry: NewArchiveEntry): Promise<number> {
  if (entry.jobKey) {
    const filed = await db('project_archive').where({ job_key: entry.jobKey, kind: entry.kind }).first('id');
    if (filed) return filed.id;
  }
  const [row] = await db('project_archive')
    .insert({
      job_key: entry.jobKey ?? null,
      project_id: entry.projectId,
      kind: entry.kind,
      title: entry.title,
      content: JSON.stringify(entry.content),
      filed_by: entry.filedBy ?? null,
      process_instance_key: entry.processInstanceKey ?? null,
      filed_at: entry.filedAt,
    })
    .returning('id');
  return typeof row === 'object' ? row.id : row;
}

export async function listArchive(db: Knex, projectId: string): Promise<ArchiveEntry[]> {
  const rows = await db('project_archive').where({ project_id: projectId }).orderBy('id');
  return rows.map((row: any) => ({
    id: row.id,
    projectId: row.project_id,
    kind: row.kind,
    title: row.title,
    content: typeof row.content === 'string' ? JSON.parse(row.content) : row.content,
    filedBy: row.filed_by,
    processInstanceKey: row.process_instance_key,
    filedAt: new Date(row.filed_at),
  }));
}
