import { expect } from 'chai';
import { readOperations } from '../../src/tasklist/operation-log';
import { startHarness, type Harness } from '../tasklist/harness';
import { readRecords } from '../helpers/records';
import { bpmnXml, chain, end, start, userTask } from '../helpers/bpmn';
import { deployProcess } from '../helpers/zeebe';

describe('task list: JSON API', function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.stop());

  async function login(username: string, password = 'demo') {
    return h.api('POST', '/api/login', { body: { username, password } });
  }

  it('when a demo user signs in with the right password, then a token is returned that opens the API, and the login is logged', async () => {
    const answer = await login('clerk-a');
    expect(answer.status).to.equal(200);
    const me = await h.api('GET', '/api/me', { token: answer.body.token });
    expect(me.body).to.deep.include({ username: 'clerk-a', departmentId: 'dept-a', groups: ['user-unit'] });
    const log = await readOperations(h.t.db);
    expect(log.some((op) => op.username === 'clerk-a' && op.action === 'login')).to.equal(true);
  });

  it('when a user logs out, then that token is refused from then on (a copy of it too), and the logout is logged', async () => {
    const { token } = (await login('gov')).body;
    expect((await h.api('GET', '/api/tasks', { token })).status).to.equal(200);
    expect((await h.api('POST', '/api/logout', { token })).status).to.equal(204);
    expect((await h.api('GET', '/api/tasks', { token })).status).to.equal(401);
    const fresh = (await login('gov')).body.token;
    expect((await h.api('GET', '/api/tasks', { token: fresh })).status).to.equal(200);
    expect((await readOperations(h.t.db)).some((op) => op.username === 'gov' && op.action === 'logout')).to.equal(true);
  });

  it('when the password is wrong or the user unknown, then 401 with the same message, and the failure is logged', async () => {
    const wrong = await login('clerk-b', 'nope');
    const unknown = await login('nobody', 'nope');
    expect([wrong.status, unknown.status]).to.deep.equal([401, 401]);
    expect(wrong.body.message).to.equal(unknown.body.message);
    const failed = (await readOperations(h.t.db)).filter((op) => op.action === 'login-failed').map((op) => op.username);
    expect(failed).to.include.members(['clerk-b', 'nobody']);
  });

  it('when a username fails five times, then the sixth attempt is refused with 429 even with the right password, until 15 minutes have passed', async () => {
    for (let i = 0; i < 5; i++) expect((await login('chief-b', `wrong-${i}`)).status).to.equal(401);
    const blocked = await login('chief-b');
    expect(blocked.status).to.equal(429);
    expect(Number(blocked.headers.get('retry-after'))).to.be.greaterThan(0);
    h.t.clock.advance(15 * 60_000 + 1000);
    expect((await login('chief-b')).status).to.equal(200);
  });

  it('when the completion misses required fields or breaks a rule, then 400 lists every field error and the task stays open', async () => {
    const key = await h.start('tl-request', { departmentId: 'dept-a' });
    const task = await h.task(key, 'FillRequest');
    const token = h.token('clerk-a');
    await h.api('POST', `/api/tasks/${task.id}/claim`, { token });
    const answer = await h.api('POST', `/api/tasks/${task.id}/complete`, { token, body: { variables: { estimate: 0, serviceContact: '12', urgency: 'whenever' } } });
    expect(answer.status).to.equal(400);
    expect(answer.body.error).to.equal('invalid');
    expect(Object.keys(answer.body.fields).sort()).to.deep.equal(['estimate', 'projectName', 'serviceContact', 'urgency']);
    const after = await h.api('GET', `/api/tasks/${task.id}`, { token });
    expect(after.body.state).to.equal('open');
  });

  it('when the assignee submits the same task twice at once and another expert submits it too, then the job completes once and the others get 409', async () => {
    const key = await h.start('tl-generic', { groups: ['expert'] });
    const task = await h.task(key);
    const expert1 = h.token('expert1');
    expect((await h.api('POST', `/api/tasks/${task.id}/claim`, { token: expert1 })).status).to.equal(200);
    const [first, second] = await Promise.all([
      h.api('POST', `/api/tasks/${task.id}/complete`, { token: expert1, body: { variables: {} } }),
      h.api('POST', `/api/tasks/${task.id}/complete`, { token: expert1, body: { variables: {} } }),
    ]);
    expect([first.status, second.status].sort()).to.deep.equal([200, 409]);
    const byOther = await h.api('POST', `/api/tasks/${task.id}/complete`, { token: h.token('expert2'), body: { variables: {} } });
    expect(byOther.status).to.equal(409);
    const completions = await readRecords(h.t.db, { valueType: 'JOB', intent: 'COMPLETE', key: task.id });
    expect(completions).to.have.length(1);
    const logged = (await readOperations(h.t.db, { taskId: task.id })).filter((op) => op.action === 'complete');
    expect(logged).to.have.length(1);
  });

  it('when the clerk completes the form correctly, then the job completes with the typed values and the next task appears for the Bureau', async () => {
    const key = await h.start('tl-request', { departmentId: 'dept-b', serviceContact: '13900001111' });
    const task = await h.task(key, 'FillRequest');
    const token = h.token('clerk-b');
    await h.api('POST', `/api/tasks/${task.id}/claim`, { token });
    const answer = await h.api('POST', `/api/tasks/${task.id}/complete`, {
      token,
      body: { variables: { projectName: '智慧校园', estimate: '1200000', serviceContact: '13912345678', urgency: 'urgent', sneaky: 'not in the form' } },
    });
    expect(answer.status).to.equal(200);
    expect(answer.body.state).to.equal('completed');
    const [completed] = await readRecords(h.t.db, { valueType: 'JOB', intent: 'COMPLETED', key: task.id });
    expect(completed.value.variables).to.deep.equal({ projectName: '智慧校园', estimate: 1200000, serviceContact: '13912345678', urgency: 'urgent' });
    const review = await h.task(key, 'ReviewRequest');
    const list = await h.api('GET', '/api/tasks?view=unassigned', { token: h.token('bureau') });
    expect(list.body.items.map((i: { id: string }) => i.id)).to.include(review.id);
  });

  it('when a task is claimed, assigned, commented and completed, then each operation is in the operation log with who, task and instance', async () => {
    const key = await h.start('tl-generic', { groups: ['drc'] });
    const task = await h.task(key);
    const token = h.token('drc');
    await h.api('POST', `/api/tasks/${task.id}/claim`, { token });
    await h.api('POST', `/api/tasks/${task.id}/unclaim`, { token });
    await h.api('POST', `/api/tasks/${task.id}/assign`, { token, body: { username: 'drc' } });
    const comment = await h.api('POST', `/api/tasks/${task.id}/comments`, { token, body: { text: '<b>已阅</b>' } });
    expect(comment.status).to.equal(201);
    expect(comment.body.comments.map((c: { text: string }) => c.text)).to.deep.equal(['<b>已阅</b>']);
    await h.api('POST', `/api/tasks/${task.id}/complete`, { token, body: { variables: {} } });
    const log = await readOperations(h.t.db, { taskId: task.id });
    expect(log.map((op) => [op.username, op.action, op.processInstanceKey])).to.deep.equal([
      ['drc', 'claim', key],
      ['drc', 'unclaim', key],
      ['drc', 'assign', key],
      ['drc', 'comment', key],
      ['drc', 'complete-requested', key],
      ['drc', 'complete', key],
    ]);
    expect(log[2].detail).to.deep.equal({ assignee: 'drc' });
  });

  it('when a claim, assignment or completion is refused (403, 404, 409), then the refusal is in the operation log with the reason', async () => {
    const logged = (await readOperations(h.t.db)).length;
    const hidden = await h.task(await h.start('tl-generic', { groups: ['user-unit'], departmentId: 'dept-b' }));
    const taken = await h.task(await h.start('tl-generic', { groups: ['evaluator'] }));
    await h.api('POST', `/api/tasks/${taken.id}/claim`, { token: h.token('evaluator') });
    const answers = [
      (await h.api('POST', `/api/tasks/${hidden.id}/claim`, { token: h.token('clerk-a') })).status,
      (await h.api('POST', `/api/tasks/${taken.id}/assign`, { token: h.token('auditor'), body: { username: 'auditor' } })).status,
      (await h.api('POST', `/api/tasks/${taken.id}/complete`, { token: h.token('auditor'), body: { variables: {} } })).status,
      (await h.api('POST', '/api/tasks/424242424242/complete', { token: h.token('gov'), body: { variables: {} } })).status,
    ];
    expect(answers).to.deep.equal([404, 403, 403, 404]);
    const refused = (await readOperations(h.t.db)).slice(logged).filter((op) => op.action === 'refused');
    expect(refused.map((op) => [op.username, op.taskId, op.detail!.action, op.detail!.kind])).to.deep.equal([
      ['clerk-a', hidden.id, 'claim', 'not-found'],
      ['auditor', taken.id, 'assign', 'forbidden'],
      ['auditor', taken.id, 'complete', 'forbidden'],
      ['gov', null, 'complete', 'not-found'],
    ]);
    expect(refused[1].detail!.reason).to.include('You may only read this task');
    expect(refused[3].detail!.requestedId).to.equal('424242424242');
    expect((await h.api('POST', `/api/tasks/${taken.id}/unclaim`, { token: h.token('evaluator') })).status).to.equal(200);
    expect((await h.api('POST', `/api/tasks/${taken.id}/unclaim`, { token: h.token('evaluator') })).status).to.equal(409);
    const last = (await readOperations(h.t.db)).filter((op) => op.action === 'refused').pop()!;
    expect(last.detail).to.deep.include({ action: 'unclaim', kind: 'conflict' });
  });

  it('when a task names a form the task list does not have, then completing it answers 503 and the task stays open', async () => {
    await deployProcess(h.t.client, 'tl-lost-form', bpmnXml('tl-lost-form', start(), userTask('Lost', { formKey: 'no-such-form', candidateGroups: 'finance' }), end(), ...chain('start', 'Lost', 'end')));
    const task = await h.task(await h.start('tl-lost-form'));
    const token = h.token('finance');
    await h.api('POST', `/api/tasks/${task.id}/claim`, { token });
    const answer = await h.api('POST', `/api/tasks/${task.id}/complete`, { token, body: { variables: { anything: 1 } } });
    expect(answer.status).to.equal(503);
    expect(answer.body.message).to.include('no-such-form');
    expect((await h.api('GET', `/api/tasks/${task.id}`, { token })).body.state).to.equal('open');
  });

  it('when a task names candidate users, then exactly those users (and its groups) see it and may claim it', async () => {
    await deployProcess(h.t.client, 'tl-named-users', bpmnXml('tl-named-users', start(), userTask('Named', { candidateUsers: 'expert2, vendor' }), end(), ...chain('start', 'Named', 'end')));
    const task = await h.task(await h.start('tl-named-users'));
    expect(task.candidateUsers).to.deep.equal(['expert2', 'vendor']);
    const seen = async (username: string) =>
      (await h.api('GET', '/api/tasks?view=unassigned', { token: h.token(username) })).body.items.some((i: { id: string }) => i.id === task.id);
    expect([await seen('expert1'), await seen('expert2'), await seen('vendor')]).to.deep.equal([false, true, true]);
    expect((await h.api('POST', `/api/tasks/${task.id}/claim`, { token: h.token('expert1') })).status).to.equal(404);
    expect((await h.api('POST', `/api/tasks/${task.id}/claim`, { token: h.token('expert2') })).status).to.equal(200);
  });

  it('when a task is assigned to someone outside its groups or department, then 400 names the field', async () => {
    const key = await h.start('tl-generic', { groups: ['user-unit'], departmentId: 'dept-a' });
    const task = await h.task(key);
    const token = h.token('clerk-a');
    const outsider = await h.api('POST', `/api/tasks/${task.id}/assign`, { token, body: { username: 'clerk-b' } });
    expect(outsider.status).to.equal(400);
    expect(outsider.body.fields).to.have.property('username');
    const missing = await h.api('POST', `/api/tasks/${task.id}/assign`, { token, body: {} });
    expect(missing.status).to.equal(400);
  });

  it('when the list is filtered, sorted and paged, then items and total follow, and a malformed body is a JSON 400', async () => {
    for (const due of ['2027-02-03T17:00:00+08:00', '2027-02-01T17:00:00+08:00', '2027-02-02T17:00:00+08:00']) {
      await h.task(await h.start('tl-request', { departmentId: 'dept-a', dueDate: due }), 'FillRequest');
    }
    const token = h.token('clerk-a');
    const page1 = await h.api('GET', '/api/tasks?process=tl-request&dueAfter=2027-02-01&dueBefore=2027-02-03&sort=due&order=asc&pageSize=2', { token });
    expect(page1.body.total).to.equal(3);
    expect(page1.body.items.map((i: { dueDate: string }) => i.dueDate)).to.deep.equal(['2027-02-01T09:00:00.000Z', '2027-02-02T09:00:00.000Z']);
    const page2 = await h.api('GET', '/api/tasks?process=tl-request&dueAfter=2027-02-01&dueBefore=2027-02-03&sort=due&order=asc&pageSize=2&page=2', { token });
    expect(page2.body.items.map((i: { dueDate: string }) => i.dueDate)).to.deep.equal(['2027-02-03T09:00:00.000Z']);
    const text = await h.api('GET', `/api/tasks?q=${encodeURIComponent('填写项目')}&dueAfter=2027-02-02`, { token });
    expect(text.body.total).to.equal(2);
    const none = await h.api('GET', '/api/tasks?q=nothing-like-this', { token });
    expect(none.body).to.deep.equal({ items: [], total: 0 });
    const malformed = await fetch(`${h.url}/api/tasks/1/comments`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"text": ' });
    expect(malformed.status).to.equal(400);
    expect((await malformed.json()).error).to.equal('invalid');
  });

  it('Art. 26: when the process carries sensitive variables, then the API masks them for the candidate and the auditor', async () => {
    const key = await h.start('tl-generic', { groups: ['finance'], findingDetails: '450102199001011234', bidAmount: 990000, projectTitle: '电子政务外网' });
    const task = await h.task(key);
    for (const username of ['finance', 'auditor']) {
      const view = await h.api('GET', `/api/tasks/${task.id}`, { token: h.token(username) });
      const byName = Object.fromEntries(view.body.variables.map((v: { name: string; value: string; masked: boolean }) => [v.name, v]));
      expect(byName.findingDetails).to.deep.equal({ name: 'findingDetails', value: '450****1234', masked: true });
      expect(byName.bidAmount.masked).to.equal(true);
      expect(byName.projectTitle).to.deep.equal({ name: 'projectTitle', value: '电子政务外网', masked: false });
      expect(JSON.stringify(view.body)).to.not.include('199001011234');
    }
  });
});
