import type { Knex } from 'knex';

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

export async function appendOperation(db: Knex, operation: Operation): Promise<void> {
  await db('operation_log').insert({
    at: operation.at,
    username: operation.username,
    action: operation.action,
    task_id: operation.taskId ?? null,
    process_instance_key: operation.processInstanceKey ?? null,
    detail: JSON.stringify(operation.detail ?? {}),
  });
}

/** The log in order of writing, optionally of one task. */
export async function readOperations(db: Knex, filter: { taskId?: string } = {}): Promise<Operation[]> {
  const query = db('operation_log').orderBy('id');
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
