import type { Knex } from 'knex';
import { findDepartment, usersInGroup } from '../directory/directory';
import { loadSessionUser, type SessionUser } from '../auth/session-user';
import { showVariables, shownValue, type ShownVariable } from '../rules/sensitive-data';
import { addComment, listComments, type TaskComment } from './comments';
import { appendOperation } from './operation-log';
import type { Task } from './task';
import { notFound, TaskError, type TaskErrorKind } from './task-errors';
import type { TaskForm, TaskForms } from './task-forms';
import {
  abandonCompletion,
  beginCompletion,
  findTask,
  finishCompletion,
  listTasks,
  markGone,
  setAssignee,
  type TaskQuery,
} from './task-store';
import { canAct, canSee } from './visibility';

/** The one engine call the task list makes: zeebe-node's ZBClient satisfies it. */
export interface JobCompleter {
  completeJob(request: { jobKey: string; variables: Record<string, unknown> }): Promise<unknown>;
}

export interface TaskServiceDeps {
  db: Knex;
  engine: JobCompleter;
  forms: TaskForms;
  now: () => Date;
  /** How long a completion may wait for the engine before the user is told to check back (default 30 s). */
  completionTimeoutMs?: number;
}

export interface TaskDetail {
  task: Task;
  departmentName: string | null;
  canAct: boolean;
  isAssignee: boolean;
  variables: ShownVariable[];
  /** The form's fields as the viewer may see them (Art. 26), to fill the form with. */
  fieldValues: Record<string, unknown>;
  comments: TaskComment[];
  form?: TaskForm;
  /** The task names a form the task list does not have: it cannot be completed here. */
  formMissing: boolean;
  /** Who the task may be assigned to: users who may work it. */
  assignable: Array<{ username: string; displayName: string }>;
}

const MAX_COMMENT_LENGTH = 2000;
const REFUSALS: readonly TaskErrorKind[] = ['forbidden', 'not-found', 'conflict'];
const GRPC_NOT_FOUND = 5;

/**
 * The task list's use cases. Every one checks, on the server, that the user may see the task (else it is
 * not-found) and may act on it (else forbidden), and writes the operation log.
 */
export class TaskService {
  constructor(private readonly deps: TaskServiceDeps) {}

  list(user: SessionUser, query: TaskQuery) {
    return listTasks(this.deps.db, user, query);
  }

  async view(user: SessionUser, id: string): Promise<TaskDetail> {
    const task = await this.visibleTask(user, id);
    const acting = canAct(user, task) && task.state === 'open';
    const form = this.deps.forms.find(task.formKey);
    // Art. 26: whoever may work the task needs the values its form shows; nobody else sees them in clear.
    const revealed = new Set(form && canAct(user, task) ? form.fieldKeys() : []);
    const department = task.departmentId ? await findDepartment(this.deps.db, task.departmentId) : undefined;
    return {
      task,
      departmentName: department?.name ?? task.departmentId,
      canAct: acting,
      isAssignee: task.assignee === user.username,
      variables: showVariables(task.variables, revealed),
      fieldValues: fieldValues(form, task.variables, revealed),
      comments: await listComments(this.deps.db, task.id),
      form,
      formMissing: !!task.formKey && !form,
      assignable: acting ? await this.assignable(task) : [],
    };
  }

  claim(user: SessionUser, id: string): Promise<Task> {
    return this.loggingRefusals(user, id, 'claim', () => this.claimTask(user, id));
  }

  unclaim(user: SessionUser, id: string): Promise<Task> {
    return this.loggingRefusals(user, id, 'unclaim', () => this.unclaimTask(user, id));
  }

  assign(user: SessionUser, id: string, username: unknown): Promise<Task> {
    return this.loggingRefusals(user, id, 'assign', () => this.assignTask(user, id, username));
  }

  complete(user: SessionUser, id: string, input: Record<string, unknown>): Promise<Task> {
    return this.loggingRefusals(user, id, 'complete', () => this.completeTask(user, id, input));
  }

  /**
   * Writes a refused action (forbidden, not found, conflict) to the operation log with its reason: attempts on
   * tasks one may not touch are what an auditor looks for. Invalid input and engine trouble are not refusals.
   */
  async logRefusal(user: SessionUser, id: string, action: 'claim' | 'unclaim' | 'assign' | 'complete', error: unknown): Promise<void> {
    if (!(error instanceof TaskError) || !REFUSALS.includes(error.kind)) return;
    const task = await findTask(this.deps.db, id);
    await appendOperation(this.deps.db, {
      at: this.deps.now(),
      username: user.username,
      action: 'refused',
      taskId: task?.id ?? null,
      processInstanceKey: task?.processInstanceKey ?? null,
      detail: { action, kind: error.kind, reason: error.message, ...(task ? {} : { requestedId: id.slice(0, 64) }) },
    });
  }

  private async loggingRefusals<T>(user: SessionUser, id: string, action: 'claim' | 'unclaim' | 'assign' | 'complete', run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      await this.logRefusal(user, id, action, error);
      throw error;
    }
  }

  private async claimTask(user: SessionUser, id: string): Promise<Task> {
    const task = await this.actionableTask(user, id);
    if (task.assignee === user.username) return task;
    if (task.assignee !== null) throw new TaskError('conflict', `任务已由 ${task.assignee} 认领 / The task is already claimed by ${task.assignee}`);
    if (!(await setAssignee(this.deps.db, id, null, user.username))) throw await this.conflictFor(id);
    await this.log(user, 'claim', task);
    return (await findTask(this.deps.db, id))!;
  }

  private async unclaimTask(user: SessionUser, id: string): Promise<Task> {
    const task = await this.actionableTask(user, id);
    if (task.assignee === null) throw new TaskError('conflict', '任务尚未被认领 / The task is not claimed');
    if (task.assignee !== user.username) throw new TaskError('forbidden', '只有认领人可以放弃任务 / Only the assignee may unclaim the task');
    if (!(await setAssignee(this.deps.db, id, user.username, null))) throw await this.conflictFor(id);
    await this.log(user, 'unclaim', task);
    return (await findTask(this.deps.db, id))!;
  }

  /** Hands an unclaimed task, or one's own, to a user who may work it. */
  private async assignTask(user: SessionUser, id: string, username: unknown): Promise<Task> {
    const task = await this.actionableTask(user, id);
    if (typeof username !== 'string' || !username) {
      throw new TaskError('invalid', '请选择办理人 / Choose the user to assign', { username: '必填 / Required' });
    }
    if (task.assignee !== null && task.assignee !== user.username) {
      throw new TaskError('conflict', `任务已由 ${task.assignee} 认领 / The task is already claimed by ${task.assignee}`);
    }
    const target = await loadSessionUser(this.deps.db, username);
    if (!target || !canAct(target, task)) {
      throw new TaskError('invalid', `${username} 不能办理此任务 / ${username} may not work on this task`, {
        username: '此用户不能办理此任务 / This user may not work on this task',
      });
    }
    if (!(await setAssignee(this.deps.db, id, task.assignee, target.username))) throw await this.conflictFor(id);
    await this.log(user, 'assign', task, { assignee: target.username });
    return (await findTask(this.deps.db, id))!;
  }

  /**
   * Completes the task's job with the submitted values, once. The row leaves the open state before the engine
   * is called, so a second submission (by anyone) is a conflict and reaches the engine never.
   */
  private async completeTask(user: SessionUser, id: string, input: Record<string, unknown>): Promise<Task> {
    const task = await this.actionableTask(user, id);
    if (task.assignee === null) throw new TaskError('conflict', '请先认领任务 / Claim the task first');
    if (task.assignee !== user.username) throw new TaskError('forbidden', `只有认领人 ${task.assignee} 可以完成任务 / Only the assignee ${task.assignee} may complete the task`);
    const form = this.deps.forms.find(task.formKey);
    if (task.formKey && !form) {
      // Completing without the form would send the process on with none of the values it asks for.
      throw new TaskError('unavailable', `任务表单 ${task.formKey} 不存在，请联系流程管理员 / The task's form '${task.formKey}' is not available; ask the process owner`);
    }
    let variables: Record<string, unknown> = {};
    if (form) {
      const { values, errors } = form.validate(input);
      if (Object.keys(errors).length > 0) throw new TaskError('invalid', '表单有错误 / The form has errors', errors);
      variables = values;
    }
    if (!(await beginCompletion(this.deps.db, id, user.username))) throw await this.conflictFor(id);
    // Logged before the engine is asked: if its answer is lost, the log still says who submitted what.
    await this.log(user, 'complete-requested', task, { variables: Object.keys(variables) });
    try {
      await withTimeout(this.deps.engine.completeJob({ jobKey: id, variables }), this.deps.completionTimeoutMs ?? 30_000);
    } catch (error) {
      if (error instanceof CompletionPending) {
        // It may still go through: the task stays out of reach until its job comes back (then it reopens) or
        // its lease passes without it (then the reconciler settles it as completed by this user).
        throw new TaskError('unavailable', '流程引擎尚未确认完成，请稍后刷新查看 / The engine has not confirmed the completion yet; reload later');
      }
      if ((error as { code?: number }).code === GRPC_NOT_FOUND) {
        await markGone(this.deps.db, id, this.deps.now());
        throw new TaskError('conflict', '流程已不再等待此任务（可能已被撤销）/ The process no longer waits for this task (it may have been cancelled)');
      }
      await abandonCompletion(this.deps.db, id);
      throw new TaskError('unavailable', `流程引擎暂时不可用，请稍后再试 / The engine did not take the completion, try again: ${(error as Error).message}`);
    }
    await finishCompletion(this.deps.db, id, user.username, this.deps.now());
    await this.log(user, 'complete', task, { variables: Object.keys(variables) });
    return (await findTask(this.deps.db, id))!;
  }

  async comment(user: SessionUser, id: string, text: unknown): Promise<TaskComment[]> {
    const task = await this.actionableTask(user, id, { openOnly: false });
    const trimmed = typeof text === 'string' ? text.trim() : '';
    if (!trimmed) throw new TaskError('invalid', '评论不能为空 / The comment is empty', { text: '必填 / Required' });
    if (trimmed.length > MAX_COMMENT_LENGTH) {
      throw new TaskError('invalid', `评论最多 ${MAX_COMMENT_LENGTH} 字 / At most ${MAX_COMMENT_LENGTH} characters`, { text: `最多 ${MAX_COMMENT_LENGTH} 字 / At most ${MAX_COMMENT_LENGTH} characters` });
    }
    await addComment(this.deps.db, task.id, user.username, trimmed, this.deps.now());
    await this.log(user, 'comment', task, { length: trimmed.length });
    return listComments(this.deps.db, task.id);
  }

  private async visibleTask(user: SessionUser, id: string): Promise<Task> {
    const task = await findTask(this.deps.db, id);
    if (!task || !canSee(user, task)) throw notFound();
    return task;
  }

  private async actionableTask(user: SessionUser, id: string, options = { openOnly: true }): Promise<Task> {
    const task = await this.visibleTask(user, id);
    if (!canAct(user, task)) throw new TaskError('forbidden', '您只能查看此任务 / You may only read this task');
    if (options.openOnly && task.state !== 'open') throw closedConflict(task);
    return task;
  }

  /** After a conditional update found nothing to change: someone else was quicker. */
  private async conflictFor(id: string): Promise<TaskError> {
    const now = await findTask(this.deps.db, id);
    if (now && now.state !== 'open') return closedConflict(now);
    return new TaskError('conflict', `任务已被他人改动 / The task was changed meanwhile${now?.assignee ? ` (claimed by ${now.assignee})` : ''}`);
  }

  private async assignable(task: Task): Promise<Array<{ username: string; displayName: string }>> {
    const found = new Map<string, string>();
    for (const group of task.candidateGroups) {
      for (const member of await usersInGroup(this.deps.db, group)) {
        if (canAct(member, task)) found.set(member.username, member.displayName);
      }
    }
    for (const username of task.candidateUsers) {
      const member = await loadSessionUser(this.deps.db, username);
      if (member && canAct(member, task)) found.set(member.username, member.displayName);
    }
    return [...found].map(([username, displayName]) => ({ username, displayName })).sort((a, b) => a.username.localeCompare(b.username));
  }

  private log(user: SessionUser, action: 'claim' | 'unclaim' | 'assign' | 'complete-requested' | 'complete' | 'comment', task: Task, detail: Record<string, unknown> = {}) {
    return appendOperation(this.deps.db, {
      at: this.deps.now(),
      username: user.username,
      action,
      taskId: task.id,
      processInstanceKey: task.processInstanceKey,
      detail,
    });
  }
}

/** Every field of the form (read-only ones too) from the task's variables, masked where the viewer may not read it. */
function fieldValues(form: TaskForm | undefined, variables: Record<string, unknown>, revealed: ReadonlySet<string>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const key of form?.fieldKeys() ?? []) if (key in variables) values[key] = shownValue(key, variables[key], revealed);
  return values;
}

class CompletionPending extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CompletionPending()), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

function closedConflict(task: Task): TaskError {
  if (task.state === 'completed' || task.state === 'completing') {
    return new TaskError('conflict', `任务已完成${task.completedBy ? `（${task.completedBy}）` : ''} / The task is already completed`);
  }
  return new TaskError('conflict', '流程已不再等待此任务（可能已被撤销）/ The process no longer waits for this task (it may have been cancelled)');
}
