import type { Knex } from 'knex';
import { linkHash } from '../engine/log/hash';
import { operationContentDigest } from './operation-chain';

/** Every user operation, appended: who, when, what, on which task and process instance. Never updated. */
export type OperationAction =
  | 'login'
  | 'login-failed'
  | 'logout'
  | 'claim'
  | 'unclaim'
  | 'assign'
  /** A user submitted the task; written before the engine is asked, so a lost answer leaves a trace. */
  | 'complete-requested'
  | 'complete'
  | 'comment'
  /** A claim, assignment or completion the task list refused (403, 404, 409), with the reason. */
  | 'refused'
  /** The modeler (process owners): a diagram or form draft saved; detail names it. */
  | 'draft-saved'
  /** The modeler deployed a diagram or form; detail has its id, version and resource name. */
  | 'deployed';

export interface Operation {
  at: Date;
  username: string;
  action: OperationAction;
  taskId?: string | null;
  processInstanceKey?: string | null;
  detail?: Record<string, unknown>;
}

/**
 * Appends one operation to the chained log. The chain head's one row is locked for the transaction, so
 * concurrent appends (several requests, several processes on the server) take their positions one after
 * another and each links to the row before it. Inside a caller's transaction the lock is held until that
 * commits. It never touches the engine's records: the engine's single writer is not held up.
 */
export async function appendOperation(db: Knex, operation: Operation): Promise<void> {
  if (db.isTransaction) return appendChained(db as Knex.Transaction, operation);
  await db.transaction((trx) => appendChained(trx, operation));
}

async function appendChained(trx: Knex.Transaction, operation: Operation): Promise<void> {
  const head = (await trx.raw('select position::text as position, hash from operation_chain_head where id = 1 for update')).rows[0];
  if (!head) throw new Error('Expected the operation chain head (operation_chain_head, id 1), but it is missing; run the migrations');
  const engine = (await trx.raw('select coalesce(max(position), 0)::text as position from engine_records')).rows[0];
  // Through JSON once, so what is hashed is what jsonb will hold (Dates as text, undefined dropped).
  const detail = JSON.parse(JSON.stringify(operation.detail ?? {}));
  const content = {
    position: Number(head.position) + 1,
    at: operation.at.getTime(),
    username: operation.username,
    action: operation.action,
    taskId: operation.taskId ?? null,
    processInstanceKey: operation.processInstanceKey ?? null,
    enginePosition: Number(engine.position),
    detail,
  };
  const hash = linkHash(head.hash, operationContentDigest(content));
  await trx('operation_log').insert({
    at: operation.at,
    username: content.username,
    action: content.action,
    task_id: content.taskId,
    process_instance_key: content.processInstanceKey,
    detail: JSON.stringify(detail),
    chain_position: content.position,
    engine_position: content.enginePosition,
    hash,
  });
  await trx('operation_chain_head').where({ id: 1 }).update({ position: content.position, hash });
}

/** The log in order of writing, optionally of one task. */
export async function readOperations(db: Knex, filter: { taskId?: string } = {}): Promise<Operation[]> {
  const query = db('operation_log').orderBy('chain_position');
  if (filter.taskId) query.where('task_id', filter.taskId);
  const rows = await query;
  return rows.map((row: any) => ({
    at: row.at instanceof Date ? row.at : new Date(row.at),
    username: row.username,
    action: row.action,
    taskId: row.task_id,
    processInstanceKey: row.process_instance_key,
    detail: typeof row.detail === 'string' ? JSON.parse(row.detail) : row.detail,
  }));
}
