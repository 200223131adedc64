import type { Knex } from 'knex';
import type { SessionUser } from '../auth/session-user';
import { AUDITOR_GROUP, BUREAU_GROUP, VENDOR_GROUP, VENDOR_VARIABLE } from './visibility';
import type { ImportedJob, Task, TaskState } from './task';

/** Data access for tasks: plain objects in and out; knex stays in here. */

/**
 * Records one activation of a job. The first one inserts the task; a later one (after the job timed out and
 * was handed to us again) refreshes what the engine knows (variables, lease) and never touches what the
 * task list owns (assignee, comments), except that a task closed as gone, or left completing by a completion
 * the engine never confirmed, is open again: its job evidently lives.
 */
export async function importTask(db: Knex, job: ImportedJob, now: Date): Promise<'created' | 'updated'> {
  return db.transaction(async (trx) => {
    const existing = await trx('tasks').where({ id: job.id }).forUpdate().first();
    if (!existing) {
      await trx('tasks').insert({
        id: job.id,
        process_instance_key: job.processInstanceKey,
        bpmn_process_id: job.bpmnProcessId,
        process_name: job.processName,
        element_id: job.elementId,
        element_name: job.elementName,
        department_id: job.departmentId,
        form_key: job.formKey,
        assignee: job.assignee,
        candidate_groups: JSON.stringify(job.candidateGroups),
        candidate_users: JSON.stringify(job.candidateUsers),
        due_date: job.dueDate,
        follow_up_date: job.followUpDate,
        variables: JSON.stringify(job.variables),
        state: 'open',
        created_at: now,
        lease_until: job.leaseUntil,
        activations: 1,
      });
      return 'created';
    }
    // The job lives, so a completion that was never confirmed did not happen, and a close was premature.
    const revived = existing.state === 'gone' || existing.state === 'completing' ? { state: 'open', closed_at: null, completed_by: null } : {};
    await trx('tasks')
      .where({ id: job.id })
      .update({
        variables: JSON.stringify(job.variables),
        department_id: job.departmentId,
        lease_until: job.leaseUntil,
        activations: existing.activations + 1,
        ...revived,
      });
    return 'updated';
  });
}

export async function findTask(db: Knex, id: string): Promise<Task | undefined> {
  if (!/^\d{1,20}$/.test(id)) return undefined;
  const row = await db('tasks').where({ id }).first();
  return row ? toTask(row) : undefined;
}

export type TaskView = 'mine' | 'unassigned' | 'all';

export interface TaskQuery {
  view: TaskView;
  bpmnProcessId?: string;
  departmentId?: string;
  dueBefore?: Date;
  dueAfter?: Date;
  text?: string;
  sort: 'due' | 'created';
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

/** Open tasks the user may see, filtered, sorted and paged, with the number of all matches. */
export async function listTasks(db: Knex, user: SessionUser, query: TaskQuery): Promise<{ items: Task[]; total: number }> {
  const base = db('tasks').where('state', 'open').andWhere((q) => visibleTo(q, user));
  if (query.view === 'mine') base.andWhere('assignee', user.username);
  if (query.view === 'unassigned') base.whereNull('assignee');
  if (query.bpmnProcessId) base.andWhere('bpmn_process_id', query.bpmnProcessId);
  if (query.departmentId) base.andWhere('department_id', query.departmentId);
  if (query.dueBefore) base.andWhere('due_date', '<', query.dueBefore);
  if (query.dueAfter) base.andWhere('due_date', '>=', query.dueAfter);
  if (query.text) {
    const like = `%${query.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    base.andWhere((q) =>
      q.whereILike('process_name', like).orWhereILike('element_name', like).orWhereILike('bpmn_process_id', like).orWhereILike('element_id', like),
    );
  }
  const [{ count }] = await base.clone().count<{ count: string }[]>('* as count');
  const column = query.sort === 'due' ? 'due_date' : 'created_at';
  const rows = await base
    .clone()
    .orderByRaw(`${column} ${query.order === 'asc' ? 'asc' : 'desc'} nulls last, id asc`)
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  return { items: rows.map(toTask), total: Number(count) };
}

/** visibility.ts canSee, as SQL. */
function visibleTo(q: Knex.QueryBuilder, user: SessionUser): void {
  if (user.groups.includes(AUDITOR_GROUP)) return;
  q.where((party) => {
    party
      .where('assignee', user.username)
      .orWhereRaw('candidate_users @> ?::jsonb', [JSON.stringify([user.username])])
      .orWhere((member) => {
        // Without groups there is no membership (an empty nested where would match every row).
        if (user.groups.length === 0) member.whereRaw('false');
        else member.where((groups) => {
          for (const group of user.groups) groups.orWhereRaw('candidate_groups @> ?::jsonb', [JSON.stringify([group])]);
        });
        if (user.departmentId && !user.groups.includes(BUREAU_GROUP)) {
          member.andWhere((department) => department.whereNull('department_id').orWhere('department_id', user.departmentId));
        }
        if (user.groups.includes(VENDOR_GROUP)) {
          member.andWhere((vendor) =>
            vendor.whereRaw(`coalesce(variables->>'${VENDOR_VARIABLE}', '') = ''`).orWhereRaw(`variables->>'${VENDOR_VARIABLE}' = ?`, [user.username]),
          );
        }
      });
  });
}

/** Sets the assignee when the task is open and its assignee is still the expected one; false otherwise. */
export async function setAssignee(db: Knex, id: string, expected: string | null, assignee: string | null): Promise<boolean> {
  const query = db('tasks').where({ id, state: 'open' });
  if (expected === null) query.whereNull('assignee');
  else query.andWhere('assignee', expected);
  return (await query.update({ assignee })) === 1;
}

/**
 * Takes the task out of the open ones before its job is completed, so only one completion can proceed. The
 * completing user is kept, so that a completion the engine never confirmed can still be settled in their name.
 */
export async function beginCompletion(db: Knex, id: string, assignee: string): Promise<boolean> {
  return (await db('tasks').where({ id, state: 'open', assignee }).update({ state: 'completing', completed_by: assignee })) === 1;
}

export async function finishCompletion(db: Knex, id: string, username: string, at: Date): Promise<void> {
  await db('tasks').where({ id, state: 'completing' }).update({ state: 'completed', completed_by: username, closed_at: at });
}

/** The engine did not take the completion for a technical reason: the task is open again. */
export async function abandonCompletion(db: Knex, id: string): Promise<void> {
  await db('tasks').where({ id, state: 'completing' }).update({ state: 'open', completed_by: null });
}

/** The job no longer exists (its instance was cancelled, or it was completed elsewhere). */
export async function markGone(db: Knex, id: string, at: Date): Promise<void> {
  await db('tasks').whereIn('state', ['open', 'completing']).andWhere({ id }).update({ state: 'gone', closed_at: at });
}

/**
 * Closes open tasks whose job was not handed to us again although its lease ended more than graceMs ago:
 * a live job comes back after its timeout, so one that does not is gone. Only while the import worker has
 * been polling for longer than the grace (workerSince): after a pause every lapsed job is due back at once,
 * and must be given the time to come. Returns the ids closed.
 */
export async function closeUnrenewedTasks(db: Knex, now: Date, graceMs: number, workerSince?: Date): Promise<string[]> {
  const cutoff = new Date(now.getTime() - graceMs);
  if (workerSince && workerSince >= cutoff) return [];
  const rows = await db('tasks').where('state', 'open').andWhere('lease_until', '<', cutoff).update({ state: 'gone', closed_at: now }, ['id']);
  return rows.map((row: { id: string }) => row.id);
}

/**
 * Settles completions the engine never confirmed (the answer timed out): once the job's lease has passed by
 * more than graceMs without the job coming back, the completion went through (a job that still lived would
 * have been handed to us again, which reopens the row). Same worker-uptime guard as closeUnrenewedTasks.
 */
export async function settleUnconfirmedCompletions(
  db: Knex,
  now: Date,
  graceMs: number,
  workerSince?: Date,
): Promise<Array<{ id: string; completedBy: string | null; processInstanceKey: string }>> {
  const cutoff = new Date(now.getTime() - graceMs);
  if (workerSince && workerSince >= cutoff) return [];
  const rows = await db('tasks')
    .where('state', 'completing')
    .andWhere('lease_until', '<', cutoff)
    .update({ state: 'completed', closed_at: now }, ['id', 'completed_by', 'process_instance_key']);
  return rows.map((row: any) => ({ id: row.id, completedBy: row.completed_by ?? null, processInstanceKey: row.process_instance_key }));
}

export async function setTaskState(db: Knex, id: string, state: TaskState): Promise<void> {
  await db('tasks').where({ id }).update({ state });
}

function toTask(row: any): Task {
  return {
    id: row.id,
    processInstanceKey: row.process_instance_key,
    bpmnProcessId: row.bpmn_process_id,
    processName: row.process_name,
    elementId: row.element_id,
    elementName: row.element_name,
    departmentId: row.department_id ?? null,
    formKey: row.form_key ?? null,
    assignee: row.assignee ?? null,
    candidateGroups: parseJson(row.candidate_groups, []),
    candidateUsers: parseJson(row.candidate_users, []),
    dueDate: toDate(row.due_date),
    followUpDate: toDate(row.follow_up_date),
    variables: parseJson(row.variables, {}),
    state: row.state,
    createdAt: toDate(row.created_at)!,
    leaseUntil: toDate(row.lease_until)!,
    activations: row.activations,
    completedBy: row.completed_by ?? null,
    closedAt: toDate(row.closed_at),
  };
}

function parseJson<T>(value: unknown, fallback: T): T {
  if (value === null || value === undefined) return fallback;
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(String(value));
}
