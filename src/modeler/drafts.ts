import type { Knex } from 'knex';

export type ResourceKind = 'bpmn' | 'form';

/** The latest saved draft of a diagram or form: only one per resource, replaced by each save. */
export interface Draft {
  kind: ResourceKind;
  resourceId: string;
  resourceName: string;
  content: string;
  savedBy: string;
  savedAt: Date;
}

export async function saveDraft(db: Knex, draft: Draft): Promise<void> {
  await db('modeler_drafts')
    .insert({
      kind: draft.kind,
      resource_id: draft.resourceId,
      resource_name: draft.resourceName,
      content: draft.content,
      saved_by: draft.savedBy,
      saved_at: draft.savedAt,
    })
    .onConflict(['kind', 'resource_id'])
    .merge();
}

export async function findDraft(db: Knex, kind: ResourceKind, resourceId: string): Promise<Draft | undefined> {
  const row = await db('modeler_drafts').where({ kind, resource_id: resourceId }).first();
  return row ? toDraft(row) : undefined;
}

/** Every draft of a kind, without content (for lists). */
export async function listDrafts(db: Knex, kind: ResourceKind): Promise<Array<Omit<Draft, 'content'>>> {
  const rows = await db('modeler_drafts').where({ kind }).select('kind', 'resource_id', 'resource_name', 'saved_by', 'saved_at').orderBy('resource_id');
  return rows.map((row: any) => ({ kind: row.kind, resourceId: row.resource_id, resourceName: row.resource_name, savedBy: row.saved_by, savedAt: new Date(row.saved_at) }));
}

/** A deployed draft is done with: the deployed version is what the next edit starts from. */
export async function deleteDraft(db: Knex, kind: ResourceKind, resourceId: string): Promise<void> {
  await db('modeler_drafts').where({ kind, resource_id: resourceId }).delete();
}

function toDraft(row: any): Draft {
  return { kind: row.kind, resourceId: row.resource_id, resourceName: row.resource_name, content: row.content, savedBy: row.saved_by, savedAt: new Date(row.saved_at) };
}
