import type { Knex } from 'knex';

/** One entry of the task list's operation log (src/tasklist/operation-log.ts), as history reads it. */
export interface LoggedOperation {
  id: string;
  at: number;
  username: string;
  action: string;
  taskId: string | null;
  processInstanceKey: string | null;
  detail: Record<string, unknown>;
}

/**
 * Who did what to one instance: the task list's entries for it (claim, assign, complete, comment, refused…)
 * and the deployments of its process (the modeler's 'deployed', matched by the process id in its detail).
 * Entries that name no instance and no process (logins) belong to no instance's history.
 */
export async function readInstanceOperations(db: Knex, processInstanceKey: string, bpmnProcessId: string): Promise<LoggedOperation[]> {
  const rows = await db('operation_log')
    .where('process_instance_key', processInstanceKey)
    .orWhere((q) => q.where('action', 'deployed').andWhereRaw(`detail->>'bpmnProcessId' = ?`, [bpmnProcessId]))
    .orderBy('id');
  return rows.map((row: any) => ({
    id: String(row.id),
    at: (row.at instanceof Date ? row.at : new Date(row.at)).getTime(),
    username: row.username,
    action: row.action,
    taskId: row.task_id,
    processInstanceKey: row.process_instance_key,
    detail: typeof row.detail === 'string' ? JSON.parse(row.detail) : row.detail ?? {},
  }));
}
