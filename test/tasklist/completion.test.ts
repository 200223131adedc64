import path from 'node:path';
import { expect } from 'chai';
import { loadSessionUser } from '../../src/auth/session-user';
import { loadTaskForms } from '../../src/tasklist/forms-adapter';
import { readOperations } from '../../src/tasklist/operation-log';
import { reconcileOnce } from '../../src/tasklist/reconcile';
import { TaskError } from '../../src/tasklist/task-errors';
import { TaskService, type JobCompleter } from '../../src/tasklist/task-service';
import { findTask } from '../../src/tasklist/task-store';
import { advanceClock, waitFor } from '../helpers/settle';
import { FIXTURES, startHarness, TASK_JOB_TIMEOUT_MS, type Harness } from './harness';

/**
 * Completions whose answer from the engine is lost. The engine here is the real one behind a connection that
 * delivers the request (or not) but never the answer, as a network partition would.
 */
describe('task list: completions the engine never confirmed', function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.stop());

  const never = new Promise<never>(() => undefined);
  const serviceWith = (engine: JobCompleter) =>
    new TaskService({ db: h.t.db, engine, forms: loadTaskForms(path.join(FIXTURES, 'forms')), now: h.now, completionTimeoutMs: 50 });

  async function claimedBy(username: string) {
    const task = await h.task(await h.start('tl-generic', { groups: ['finance'] }));
    const user = (await loadSessionUser(h.t.db, username))!;
    await h.service.claim(user, task.id);
    return { task, user };
  }

  async function completeTimingOut(service: TaskService, user: Awaited<ReturnType<typeof claimedBy>>['user'], id: string) {
    const error = await service.complete(user, id, {}).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(TaskError);
    expect((error as TaskError).kind).to.equal('unavailable');
  }

  it('when the request never reached the engine, then the submission is logged with the user, and the task reopens when its job comes back', async () => {
    const { task, user } = await claimedBy('finance');
    await completeTimingOut(serviceWith({ completeJob: () => never }), user, task.id);
    const pending = (await findTask(h.t.db, task.id))!;
    expect(pending).to.include({ state: 'completing', completedBy: 'finance' });
    const logged = await readOperations(h.t.db, { taskId: task.id });
    expect(logged.map((op) => [op.username, op.action])).to.deep.equal([
      ['finance', 'claim'],
      ['finance', 'complete-requested'],
    ]);
    await advanceClock(h.t, TASK_JOB_TIMEOUT_MS + 1000);
    await waitFor(async () => (await findTask(h.t.db, task.id))!.state === 'open', 10_000);
    expect((await findTask(h.t.db, task.id))!).to.include({ completedBy: null, assignee: 'finance' });
  });

  it('when the engine completed the job but its answer was lost, then the reconciler settles the task as completed by the user once the lease has passed', async () => {
    const { task, user } = await claimedBy('finance');
    const lostAnswer: JobCompleter = {
      completeJob: async (request) => {
        await h.t.client.completeJob(request);
        return never;
      },
    };
    await completeTimingOut(serviceWith(lostAnswer), user, task.id);
    expect((await findTask(h.t.db, task.id))!.state).to.equal('completing');
    // Before the lease ends nothing can tell, so nothing is settled.
    expect((await reconcileOnce({ db: h.t.db, now: h.now }, new Date(0))).settled).to.not.include(task.id);
    await advanceClock(h.t, TASK_JOB_TIMEOUT_MS + 6 * 60_000);
    // Live jobs came back by now (their rows were renewed); this one did not.
    await waitFor(async () => (await h.t.db('tasks').where('state', 'open').andWhere('lease_until', '<', h.now())).length === 0, 10_000);
    const { settled } = await reconcileOnce({ db: h.t.db, now: h.now }, new Date(0));
    expect(settled).to.deep.equal([task.id]);
    expect((await findTask(h.t.db, task.id))!).to.include({ state: 'completed', completedBy: 'finance' });
    const logged = await readOperations(h.t.db, { taskId: task.id });
    expect(logged.map((op) => [op.username, op.action])).to.deep.equal([
      ['finance', 'claim'],
      ['finance', 'complete-requested'],
      ['finance', 'complete'],
    ]);
  });
});
