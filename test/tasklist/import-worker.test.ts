import { expect } from 'chai';
import { advanceClock, waitFor } from '../helpers/settle';
import { loadSessionUser } from '../../src/auth/session-user';
import { bpmnXml, chain, end, start, userTask } from '../helpers/bpmn';
import { deployProcess } from '../helpers/zeebe';
import { closeUnrenewedTasks, findTask } from '../../src/tasklist/task-store';
import { IMPORT_POLL_INTERVAL_MS, startImportWorker } from '../../src/tasklist/import-worker';
import { startHarness, TASK_JOB_TIMEOUT_MS, type Harness } from './harness';

describe('task list: importing user task jobs', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.stop());

  it('when a user task job is created, then one open task holds its headers, variables and the names from the diagram', async () => {
    const key = await h.start('tl-request', { departmentId: 'dept-a', dueDate: '2027-01-08T17:00:00+08:00', serviceContact: '13812345678' });
    const task = await h.task(key, 'FillRequest');
    expect(task).to.include({
      processInstanceKey: key,
      bpmnProcessId: 'tl-request',
      processName: '项目申请',
      elementId: 'FillRequest',
      elementName: '填写项目申请',
      departmentId: 'dept-a',
      formKey: 'tl-request-form',
      assignee: null,
      state: 'open',
      activations: 1,
    });
    expect(task.candidateGroups).to.deep.equal(['user-unit']);
    expect(task.dueDate?.toISOString()).to.equal('2027-01-08T09:00:00.000Z');
    expect(task.variables).to.deep.include({ departmentId: 'dept-a', serviceContact: '13812345678' });
  });

  it('when the job times out and is activated again, then the same row is updated (activations 2), never duplicated, and a claim survives', async () => {
    const key = await h.start('tl-request', { departmentId: 'dept-b' });
    const task = await h.task(key, 'FillRequest');
    await h.service.claim(await loadUser('clerk-b'), task.id);
    const leaseBefore = task.leaseUntil.getTime();
    await advanceClock(h.t, TASK_JOB_TIMEOUT_MS + 1000);
    await waitFor(async () => (await findTask(h.t.db, task.id))!.activations === 2, 10_000);
    const rows = await h.t.db('tasks').where({ process_instance_key: key });
    expect(rows).to.have.length(1);
    const again = (await findTask(h.t.db, task.id))!;
    expect(again.leaseUntil.getTime()).to.be.greaterThan(leaseBefore);
    expect(again.assignee).to.equal('clerk-b');
    expect(again.state).to.equal('open');
  });

  it('when the instance is cancelled, then the task is closed once its lease has passed without the job coming back, and leaves the list', async () => {
    const key = await h.start('tl-request', { departmentId: 'dept-a' });
    const task = await h.task(key, 'FillRequest');
    await h.t.client.cancelProcessInstance(key);
    // Before the lease ends, nothing can tell the task list that the job is gone.
    expect(await closeUnrenewedTasks(h.t.db, h.now(), 5 * 60_000)).to.not.include(task.id);
    await advanceClock(h.t, TASK_JOB_TIMEOUT_MS + 6 * 60_000);
    // Live tasks were re-activated by now; only the cancelled one was not.
    await waitFor(async () => (await h.t.db('tasks').where('state', 'open').andWhere('lease_until', '<', h.now()).whereNot('id', task.id)).length === 0, 10_000);
    // A worker that has only just started (after downtime) gives lapsed jobs the grace to come back first.
    expect(await closeUnrenewedTasks(h.t.db, h.now(), 5 * 60_000, new Date(h.now().getTime() - 60_000))).to.deep.equal([]);
    const closed = await closeUnrenewedTasks(h.t.db, h.now(), 5 * 60_000, new Date(h.now().getTime() - 6 * 60_000));
    expect(closed).to.deep.equal([task.id]);
    expect((await findTask(h.t.db, task.id))!.state).to.equal('gone');
    const list = await h.api('GET', '/api/tasks?view=all', { token: h.token('clerk-a') });
    expect(list.body.items.map((i: { id: string }) => i.id)).to.not.include(task.id);
  });

  it('when the instance is cancelled and the assignee then completes the task, then the answer is 409 and the task is closed at once', async () => {
    const key = await h.start('tl-request', { departmentId: 'dept-a' });
    const task = await h.task(key, 'FillRequest');
    const token = h.token('clerk-a');
    expect((await h.api('POST', `/api/tasks/${task.id}/claim`, { token })).status).to.equal(200);
    await h.t.client.cancelProcessInstance(key);
    const answer = await h.api('POST', `/api/tasks/${task.id}/complete`, { token, body: { variables: { projectName: 'x', estimate: 10, urgency: 'normal' } } });
    expect(answer.status).to.equal(409);
    expect(answer.body.error).to.equal('conflict');
    expect((await findTask(h.t.db, task.id))!.state).to.equal('gone');
  });

  it('when a process is not among the diagrams the task list read, then its task is named by its ids', async () => {
    await deployProcess(h.t.client, 'tl-unnamed', bpmnXml('tl-unnamed', start(), userTask('Anonymous', { candidateGroups: 'finance' }), end(), ...chain('start', 'Anonymous', 'end')));
    const task = await h.task(await h.start('tl-unnamed'));
    expect(task).to.include({ processName: 'tl-unnamed', elementName: 'Anonymous', departmentId: null, formKey: null });
    expect(task.candidateGroups).to.deep.equal(['finance']);
  });

  it('when two members of a group claim the same task at once, then exactly one gets it and the other gets 409', async () => {
    const task = await h.task(await h.start('tl-generic', { groups: ['expert'] }));
    const answers = await Promise.all(['expert1', 'expert2', 'expert3'].map((u) => h.api('POST', `/api/tasks/${task.id}/claim`, { token: h.token(u) })));
    expect(answers.map((a) => a.status).sort()).to.deep.equal([200, 409, 409]);
    const winner = answers.find((a) => a.status === 200)!.body.assignee;
    expect((await findTask(h.t.db, task.id))!.assignee).to.equal(winner);
  });

  // Last: the extra worker it starts must not take jobs another test waits for.
  it('when the import worker starts, then it asks for the next batch on a 50 ms tick, not on zeebe-node\'s 300 ms one (which capped the import near 160 tasks/s)', async () => {
    let options: { pollInterval?: unknown; maxJobsToActivate?: unknown } | undefined;
    const client = h.t.client;
    const recording = new Proxy(client, {
      get: (target, name) =>
        name === 'createWorker'
          ? (o: Parameters<typeof client.createWorker>[0]) => {
              options = o as typeof options;
              return target.createWorker(o);
            }
          : Reflect.get(target, name),
    });
    const worker = startImportWorker(recording, { db: h.t.db, names: h.names, now: h.now, timeoutMs: TASK_JOB_TIMEOUT_MS });
    await worker.close();
    expect(options?.pollInterval).to.equal(IMPORT_POLL_INTERVAL_MS);
    expect(IMPORT_POLL_INTERVAL_MS).to.be.at.most(100);
    expect(options?.maxJobsToActivate).to.be.at.least(50);
  });

  async function loadUser(username: string) {
    return (await loadSessionUser(h.t.db, username))!;
  }
});
