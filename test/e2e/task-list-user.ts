import { expect } from 'chai';
import type { Application } from './application';
import { waitFor } from '../helpers/settle';

/** One task of the task list's JSON API, as GET /api/tasks lists it. */
export interface ListedTask {
  id: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  processName: string;
  elementId: string;
  name: string;
  departmentId: string | null;
  formKey: string | null;
  assignee: string | null;
  candidateGroups: string[];
  state: string;
}

/** A task a person worked, kept so that the test can later ask who else could have seen it. */
export interface WorkedTask {
  task: ListedTask;
  by: string;
}

/**
 * The demo users as people using the task list: each signs in once with the demo password and from then on
 * only calls the JSON API with their token, as a browser or script would.
 */
export class TaskListUsers {
  private readonly tokens = new Map<string, string>();
  readonly worked: WorkedTask[] = [];

  constructor(private readonly app: Application) {}

  async token(username: string): Promise<string> {
    const known = this.tokens.get(username);
    if (known) return known;
    const answer = await this.app.api('POST', '/api/login', { body: { username, password: 'demo' } });
    expect(answer.status, `login of ${username}: ${JSON.stringify(answer.body)}`).to.equal(200);
    this.tokens.set(username, answer.body.token);
    return answer.body.token;
  }

  async call(username: string, method: string, route: string, body?: unknown) {
    return this.app.api(method, route, { token: await this.token(username), body });
  }

  /** The open tasks the user may see (the "all" view), every page. */
  async openTasks(username: string): Promise<ListedTask[]> {
    const items: ListedTask[] = [];
    for (let page = 1; ; page += 1) {
      const answer = await this.call(username, 'GET', `/api/tasks?view=all&pageSize=100&page=${page}`);
      expect(answer.status, `task list of ${username}`).to.equal(200);
      items.push(...answer.body.items);
      if (items.length >= answer.body.total || answer.body.items.length === 0) return items;
    }
  }

  /**
   * Waits (the engine and the import worker run asynchronously) until the user's list shows an open task of
   * this step that is not one already seen, and returns it.
   */
  async awaitTask(username: string, elementId: string, accept: (task: ListedTask) => boolean = () => true): Promise<ListedTask> {
    const seen = new Set(this.worked.map((w) => w.task.id));
    let found: ListedTask | undefined;
    let last: ListedTask[] = [];
    await waitFor(async () => {
      last = await this.openTasks(username);
      found = last.find((task) => task.elementId === elementId && !seen.has(task.id) && accept(task));
      return !!found;
    }, 15_000).catch(() => {
      throw new Error(`Expected ${username} to see a new task '${elementId}', but their list holds ${last.map((t) => t.elementId).join(', ') || 'nothing'}`);
    });
    return found!;
  }

  /** Asserts the user neither finds the task in their list nor can open it (404, as if it did not exist). */
  async expectHidden(username: string, taskId: string): Promise<void> {
    const listed = await this.openTasks(username);
    expect(listed.map((t) => t.id), `${username} lists task ${taskId}`).not.to.include(taskId);
    const opened = await this.call(username, 'GET', `/api/tasks/${taskId}`);
    expect(opened.status, `${username} opens task ${taskId}`).to.equal(404);
  }

  /**
   * The whole of one step as the person does it: find the task, open it (it must have its form, with every
   * field the test fills in, and readable names), claim it and submit the form. Returns the completion's
   * answer without judging it, so a test can also submit a form that the task list must refuse.
   */
  async submit(username: string, task: ListedTask, variables: Record<string, unknown>) {
    const opened = await this.call(username, 'GET', `/api/tasks/${task.id}`);
    expect(opened.status, `${username} opens ${task.elementId}`).to.equal(200);
    expect(opened.body.canAct, `${username} may act on ${task.elementId}`).to.equal(true);
    expect(opened.body.form, `the form '${task.formKey}' of ${task.elementId}`).to.be.an('object');
    expect(opened.body.form.fields, `fields of the form '${task.formKey}' of ${task.elementId}`).to.include.members(Object.keys(variables));
    expect(task.processName, `the process name of ${task.bpmnProcessId}`).not.to.equal(task.bpmnProcessId);
    expect(task.name, `the step name of ${task.bpmnProcessId}#${task.elementId}`).not.to.equal(task.elementId);
    if (opened.body.assignee !== username) {
      const claimed = await this.call(username, 'POST', `/api/tasks/${task.id}/claim`);
      expect(claimed.status, `${username} claims ${task.elementId}: ${JSON.stringify(claimed.body)}`).to.equal(200);
    }
    return this.call(username, 'POST', `/api/tasks/${task.id}/complete`, { variables });
  }

  /** Finds, checks and completes the next task of a step; the form must accept the values. */
  async work(
    username: string,
    elementId: string,
    variables: Record<string, unknown>,
    expected: { group: string; hiddenFrom: string[]; accept?: (task: ListedTask) => boolean },
  ): Promise<ListedTask> {
    const task = await this.awaitTask(username, elementId, expected.accept);
    expect(task.candidateGroups, `candidate groups of ${elementId}`).to.include(expected.group);
    for (const other of expected.hiddenFrom) await this.expectHidden(other, task.id);
    const answer = await this.submit(username, task, variables);
    expect(answer.status, `${username} completes ${elementId}: ${JSON.stringify(answer.body)}`).to.equal(200);
    expect(answer.body.state).to.equal('completed');
    this.worked.push({ task, by: username });
    return task;
  }
}
