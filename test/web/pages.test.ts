import { expect } from 'chai';
import { readOperations } from '../../src/tasklist/operation-log';
import { findTask } from '../../src/tasklist/task-store';
import { startHarness, type Harness } from '../tasklist/harness';
import { PageClient } from './page-client';

describe('task list: pages', function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.stop());

  it('when a page is opened without a session or with a forged cookie, then it answers 401 with the login page and drops the bad cookie', async () => {
    const anonymous = new PageClient(h.url);
    const first = await anonymous.get('/tasks');
    expect(first.status).to.equal(401);
    expect(first.html).to.include('name="password"');
    anonymous.cookies.set('gx_session', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJidXJlYXUifQ.');
    const forged = await anonymous.get('/tasks');
    expect(forged.status).to.equal(401);
    expect(anonymous.cookies.has('gx_session')).to.equal(false);
  });

  it('when a clerk signs in, then the session cookie is HttpOnly and SameSite, and the task list opens', async () => {
    const client = new PageClient(h.url);
    await client.get('/login');
    const answer = await client.post('/login', { username: 'clerk-a', password: 'demo', next: '/tasks?view=mine' });
    expect(answer.status).to.equal(303);
    expect(answer.headers.get('location')).to.equal('/tasks?view=mine');
    const cookie = answer.headers.getSetCookie().find((line) => line.startsWith('gx_session='))!;
    expect(cookie).to.match(/HttpOnly/i).and.to.match(/SameSite=Lax/i);
    const list = await client.get('/tasks?view=mine');
    expect(list.status).to.equal(200);
    expect(list.html).to.include('clerk-a');
  });

  it('when a clerk signs out, then the cookie is dropped and the old session token no longer opens a page', async () => {
    const client = new PageClient(h.url);
    await client.signIn('chief-a');
    const session = client.cookies.get('gx_session')!;
    await client.get('/tasks');
    const out = await client.post('/logout', {});
    expect(out.status).to.equal(303);
    expect(client.cookies.has('gx_session')).to.equal(false);
    client.cookies.set('gx_session', session);
    expect((await client.get('/tasks')).status).to.equal(401);
  });

  it('when a browser still holds a revoked session cookie, then the login page it gets accepts the sign-in at the first try', async () => {
    const client = new PageClient(h.url);
    await client.signIn('chief-b');
    const session = client.cookies.get('gx_session')!;
    await client.get('/tasks');
    expect((await client.post('/logout', {})).status).to.equal(303);
    client.cookies.set('gx_session', session);
    const login = await client.get('/tasks');
    expect(login.status).to.equal(401);
    expect(client.cookies.has('gx_session')).to.equal(false);
    const answer = await client.post('/login', { username: 'chief-b', password: 'demo' });
    expect(answer.status).to.equal(303);
  });

  it('when a signed-in user gets an error page, then its sign-out form carries a CSRF token that signs out', async () => {
    const client = new PageClient(h.url);
    await client.signIn('gov');
    client.csrf = '';
    const error = await client.get('/tasks/999999999');
    expect(error.status).to.equal(404);
    expect(error.html).to.include('action="/logout"');
    expect(error.html).to.match(/name="_csrf" value="[^"]+"/);
    expect((await client.post('/logout', {})).status).to.equal(303);
  });

  it('when the login names another site as next, then the browser is sent to the task list instead', async () => {
    const client = new PageClient(h.url);
    await client.get('/login');
    const answer = await client.post('/login', { username: 'clerk-a', password: 'demo', next: '//evil.example/' });
    expect(answer.headers.get('location')).to.equal('/tasks');
  });

  it('when a form is posted without its CSRF token, then it is refused with 403 and nothing changes (login, claim, logout)', async () => {
    const key = await h.start('tl-request', { departmentId: 'dept-a' });
    const task = await h.task(key, 'FillRequest');
    const stranger = new PageClient(h.url);
    await stranger.get('/login');
    expect((await stranger.post('/login', { username: 'clerk-a', password: 'demo' }, { csrf: false })).status).to.equal(403);
    const client = new PageClient(h.url);
    await client.signIn('clerk-a');
    await client.get(`/tasks/${task.id}`);
    expect((await client.post(`/tasks/${task.id}/claim`, {}, { csrf: false })).status).to.equal(403);
    client.csrf = 'forged-token';
    expect((await client.post(`/tasks/${task.id}/claim`, {})).status).to.equal(403);
    expect((await findTask(h.t.db, task.id))!.assignee).to.equal(null);
    await client.get(`/tasks/${task.id}`);
    expect((await client.post(`/tasks/${task.id}/claim`, {})).status).to.equal(303);
    expect((await findTask(h.t.db, task.id))!.assignee).to.equal('clerk-a');
    expect((await client.post('/logout', {}, { csrf: false })).status).to.equal(403);
  });

  it('when any page is served, then helmet headers are set (CSP, nosniff, frame denial) and Express is not named', async () => {
    const answer = await new PageClient(h.url).get('/login');
    expect(answer.headers.get('content-security-policy')).to.include("default-src 'self'");
    expect(answer.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(answer.headers.get('x-frame-options')).to.equal('SAMEORIGIN');
    expect(answer.headers.get('x-powered-by')).to.equal(null);
    // The test server is plain HTTP: telling browsers to upgrade to HTTPS would break every page.
    expect(answer.headers.get('content-security-policy')).to.not.include('upgrade-insecure-requests');
    expect(answer.headers.get('strict-transport-security')).to.equal(null);
  });

  it('when the form is submitted with errors, then the page answers 400 with each field error and the typed values; when corrected, then the task completes', async () => {
    const key = await h.start('tl-request', { departmentId: 'dept-a' });
    const task = await h.task(key, 'FillRequest');
    const client = new PageClient(h.url);
    await client.signIn('clerk-a');
    await client.get(`/tasks/${task.id}`);
    await client.post(`/tasks/${task.id}/claim`, {});
    const page = await client.get(`/tasks/${task.id}`);
    expect(page.html).to.include('name="projectName"');
    const wrong = await client.post(`/tasks/${task.id}/complete`, { projectName: '<b>校园</b>', estimate: '-5', serviceContact: '123', urgency: 'normal' });
    expect(wrong.status).to.equal(400);
    expect(wrong.html).to.include('请更正标出的字段');
    expect(wrong.html).to.include('&lt;b&gt;校园&lt;/b&gt;');
    expect(wrong.html).to.not.include('<b>校园</b>');
    expect((await findTask(h.t.db, task.id))!.state).to.equal('open');
    const right = await client.post(`/tasks/${task.id}/complete`, { projectName: '智慧校园', estimate: '5000', serviceContact: '13812345678', urgency: 'normal' });
    expect(right.status).to.equal(303);
    expect(right.headers.get('location')).to.match(/^\/tasks\?done=/);
    expect((await findTask(h.t.db, task.id))!.state).to.equal('completed');
    const again = await client.post(`/tasks/${task.id}/complete`, { projectName: '智慧校园', estimate: '5000', urgency: 'normal' });
    expect(again.status).to.equal(409);
  });

  it('when a task has no form, then it completes only after the confirmation box is ticked', async () => {
    const key = await h.start('tl-generic', { groups: ['finance'] });
    const task = await h.task(key);
    const client = new PageClient(h.url);
    await client.signIn('finance');
    await client.get(`/tasks/${task.id}`);
    await client.post(`/tasks/${task.id}/claim`, {});
    const page = await client.get(`/tasks/${task.id}`);
    expect(page.html).to.include('name="confirm"');
    expect((await client.post(`/tasks/${task.id}/complete`, {})).status).to.equal(400);
    expect((await findTask(h.t.db, task.id))!.state).to.equal('open');
    expect((await client.post(`/tasks/${task.id}/complete`, { confirm: 'yes' })).status).to.equal(303);
    expect((await findTask(h.t.db, task.id))!.state).to.equal('completed');
  });

  it('when users write markup into comments and processes carry it in variables, then pages show it escaped', async () => {
    const key = await h.start('tl-generic', { groups: ['drc'], note: '<img src=x onerror=alert(1)>' });
    const task = await h.task(key);
    const client = new PageClient(h.url);
    await client.signIn('drc');
    await client.get(`/tasks/${task.id}`);
    expect((await client.post(`/tasks/${task.id}/comments`, { text: '<script>alert("x")</script>' })).status).to.equal(303);
    const page = await client.get(`/tasks/${task.id}`);
    expect(page.html).to.include('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(page.html).to.include('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    expect(page.html).to.not.include('<script>alert');
    expect(page.html).to.not.include('<img src=x');
  });

  it('when the list has nothing to show, then it says so; with tasks, then sort links and the process filter are there', async () => {
    const client = new PageClient(h.url);
    await client.signIn('evaluator');
    const empty = await client.get('/tasks');
    expect(empty.html).to.include('没有符合条件的任务');
    await h.task(await h.start('tl-generic', { groups: ['evaluator'] }));
    const list = await client.get('/tasks?view=unassigned');
    expect(list.html).to.include('办理事项');
    expect(list.html).to.include('通用任务流程');
    expect(list.html).to.include('sort&#x3D;created');
    expect(list.html).to.include('<option value="tl-request"');
  });

  it('when a clerk opens a task of another department or one that does not exist, then both answer the same 404 page', async () => {
    const task = await h.task(await h.start('tl-generic', { groups: ['user-unit'], departmentId: 'dept-b' }));
    const client = new PageClient(h.url);
    await client.signIn('clerk-a');
    const hidden = await client.get(`/tasks/${task.id}`);
    const missing = await client.get('/tasks/999999999');
    expect([hidden.status, missing.status]).to.deep.equal([404, 404]);
    expect(hidden.html.replace(/name="_csrf" value="[^"]+"/, '')).to.equal(missing.html.replace(/name="_csrf" value="[^"]+"/, ''));
    expect((await client.post(`/tasks/${task.id}/complete`, { confirm: 'yes' })).status).to.equal(404);
    const refused = (await readOperations(h.t.db, { taskId: task.id })).filter((op) => op.action === 'refused');
    expect(refused.map((op) => [op.username, op.detail!.action, op.detail!.kind])).to.deep.equal([['clerk-a', 'complete', 'not-found']]);
  });

  it('when a task is past its due date, then the list marks it overdue', async () => {
    const key = await h.start('tl-request', { departmentId: 'dept-b', dueDate: '2027-01-04T09:20:00+08:00' });
    await h.task(key, 'FillRequest');
    const client = new PageClient(h.url);
    await client.signIn('clerk-b');
    expect((await client.get('/tasks?view=unassigned')).html).to.not.include('已逾期');
    h.t.clock.advance(30 * 60_000);
    expect((await client.get('/tasks?view=unassigned')).html).to.include('已逾期');
  });

  it('Art. 26: when the task page shows process data, then sensitive values are in clear for whoever may work the task and its form shows them, and masked otherwise', async () => {
    const key = await h.start('tl-request', { departmentId: 'dept-b', serviceContact: '13812345678', findingDetails: '450102199001011234' });
    const task = await h.task(key, 'FillRequest');
    const candidate = new PageClient(h.url);
    await candidate.signIn('clerk-b');
    const before = await candidate.get(`/tasks/${task.id}`);
    expect(before.html).to.include('13812345678');
    expect(before.html).to.include('450****1234');
    await candidate.post(`/tasks/${task.id}/claim`, {});
    const after = await candidate.get(`/tasks/${task.id}`);
    expect(after.html).to.include('value="13812345678"');
    expect(after.html).to.include('450****1234');
    expect(after.html).to.not.include('450102199001011234');
    const auditor = new PageClient(h.url);
    await auditor.signIn('auditor');
    const audited = await auditor.get(`/tasks/${task.id}`);
    expect(audited.html).to.include('138****5678');
    expect(audited.html).to.not.include('13812345678');
  });

  it('Art. 26: when the Bureau inspects the vendor\'s materials, then the read-only fields show their values, the materials in clear for the Bureau and masked for the auditor', async () => {
    const materials = '运维日志与服务台账（2026年度）';
    const key = await h.start('tl-inspect', { projectName: '智慧校园', materials });
    const task = await h.task(key, 'InspectMaterials');
    const bureau = new PageClient(h.url);
    await bureau.signIn('bureau');
    await bureau.get(`/tasks/${task.id}`);
    await bureau.post(`/tasks/${task.id}/claim`, {});
    const page = await bureau.get(`/tasks/${task.id}`);
    expect(page.html).to.match(/<input[^>]*name="projectName"[^>]*value="智慧校园"|<input[^>]*value="智慧校园"[^>]*name="projectName"/);
    expect(page.html).to.match(new RegExp(`<textarea[^>]*name="materials"[^>]*>${materials}</textarea>`));
    const refused = await bureau.post(`/tasks/${task.id}/complete`, {});
    expect(refused.status).to.equal(400);
    expect(refused.html).to.include('value="智慧校园"');
    const auditor = await h.api('GET', `/api/tasks/${task.id}`, { token: h.token('auditor') });
    const shown = auditor.body.variables.find((v: { name: string }) => v.name === 'materials');
    expect(shown.masked).to.equal(true);
    expect(JSON.stringify(auditor.body)).to.not.include(materials);
  });
});
