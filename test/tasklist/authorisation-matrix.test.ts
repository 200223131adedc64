import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import { DEMO_USERS } from '../../src/seed/demo-seed';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../../src/auth/tokens';
import { SIGNING_KEY, startHarness, type Harness } from './harness';

/**
 * Every demo user (one per role) against four kinds of task, through the JSON API: the expected answers are
 * written out here, not computed with the code under test.
 */
type Kind = 'own group' | 'other group' | 'other department' | 'assigned to someone else';
type Expectation = 'workable' | 'hidden' | 'read only' | 'someone else’s' | 'assigned to them';

const DEPARTMENT_USERS = new Set(['clerk-a', 'clerk-b', 'chief-a', 'chief-b']);

function expectation(username: string, kind: Kind): Expectation {
  if (username === 'auditor') return 'read only';
  if (kind === 'other group') return 'hidden';
  if (kind === 'other department') return DEPARTMENT_USERS.has(username) ? 'hidden' : 'workable';
  if (kind === 'assigned to someone else') return 'someone else’s';
  return 'workable';
}

/** The statuses of each action, in the order they are tried on one task (each may change the task). */
const OUTCOMES: Record<Expectation, Array<[string, number]>> = {
  workable: [['list', 1], ['view', 200], ['unclaim', 409], ['comment', 201], ['claim', 200], ['assign', 200], ['complete', 200], ['complete again', 409]],
  hidden: [['list', 0], ['view', 404], ['claim', 404], ['unclaim', 404], ['assign', 404], ['comment', 404], ['complete', 404]],
  'read only': [['list', 1], ['view', 200], ['claim', 403], ['unclaim', 403], ['assign', 403], ['comment', 403], ['complete', 403]],
  'someone else’s': [['list', 1], ['view', 200], ['claim', 409], ['unclaim', 403], ['assign', 409], ['complete', 403], ['comment', 201]],
  'assigned to them': [['list', 1], ['view', 200], ['comment', 201], ['claim', 200], ['complete', 200], ['complete again', 409]],
};

/**
 * Tasks that the scopes narrow: two vendors (a task naming one vendor is the other's never) and an expert who
 * belongs to a department (named on another department's task, they still get it). The extra users are made
 * in the given-step: the demo seed has one vendor and no expert with a department.
 */
const SCOPED: Array<{ username: string; task: string; process: string; variables: Record<string, unknown>; outcome: Expectation }> = [
  { username: 'vendor', task: 'a vendor task naming vendor', process: 'tl-generic', variables: { groups: ['vendor'], vendorUsername: 'vendor' }, outcome: 'workable' },
  { username: 'vendor2', task: 'a vendor task naming vendor', process: 'tl-generic', variables: { groups: ['vendor'], vendorUsername: 'vendor' }, outcome: 'hidden' },
  { username: 'vendor2', task: 'a vendor task naming vendor2', process: 'tl-generic', variables: { groups: ['vendor'], vendorUsername: 'vendor2' }, outcome: 'workable' },
  { username: 'vendor', task: 'a vendor task naming vendor2', process: 'tl-generic', variables: { groups: ['vendor'], vendorUsername: 'vendor2' }, outcome: 'hidden' },
  { username: 'vendor2', task: 'a vendor task naming no vendor', process: 'tl-generic', variables: { groups: ['vendor'] }, outcome: 'workable' },
  { username: 'bureau', task: 'a vendor and Bureau task naming vendor', process: 'tl-generic', variables: { groups: ['vendor', 'big-data-bureau'], vendorUsername: 'vendor' }, outcome: 'workable' },
  { username: 'auditor', task: 'a vendor task naming vendor', process: 'tl-generic', variables: { groups: ['vendor'], vendorUsername: 'vendor' }, outcome: 'read only' },
  { username: 'expert-a', task: 'an expert task of dept-b assigned to expert-a (of dept-a)', process: 'tl-assigned', variables: { groups: ['expert'], departmentId: 'dept-b', assignee: 'expert-a' }, outcome: 'assigned to them' },
  { username: 'expert-a', task: 'an expert task of dept-b naming expert-a (of dept-a) a candidate user', process: 'tl-named', variables: { groups: ['expert'], users: ['expert-a'], departmentId: 'dept-b' }, outcome: 'workable' },
  { username: 'expert-a', task: 'an expert task of dept-b for the group only', process: 'tl-generic', variables: { groups: ['expert'], departmentId: 'dept-b' }, outcome: 'hidden' },
  { username: 'expert-a', task: 'an expert task of dept-a for the group only', process: 'tl-generic', variables: { groups: ['expert'], departmentId: 'dept-a' }, outcome: 'workable' },
];

describe('Art. 4: task list authorisation matrix (every role × kind of task × action)', function () {
  this.timeout(120_000);
  let h: Harness;
  const tasks = new Map<string, string>();

  before(async () => {
    h = await startHarness();
    for (const user of DEMO_USERS) {
      const group = user.groups[0];
      const otherGroup = group === 'process-owner' ? 'finance' : 'process-owner';
      const department = user.departmentId ?? 'dept-a';
      const otherDepartment = department === 'dept-a' ? 'dept-b' : 'dept-a';
      const variants: Record<Kind, Record<string, unknown>> = {
        'own group': { groups: [group], departmentId: department },
        'other group': { groups: [otherGroup], departmentId: department },
        'other department': { groups: [group], departmentId: otherDepartment },
        'assigned to someone else': { groups: [group], departmentId: department, assignee: 'someone-else' },
      };
      for (const [kind, variables] of Object.entries(variants)) {
        const key = await h.start('assignee' in variables ? 'tl-assigned' : 'tl-generic', variables);
        tasks.set(`${user.username}|${kind}`, key);
      }
    }
    await h.t.db('users').insert([
      { username: 'vendor2', display_name: '第二供应商', password_hash: 'none', department_id: null, active: true },
      { username: 'expert-a', display_name: '厅内专家', password_hash: 'none', department_id: 'dept-a', active: true },
    ]);
    await h.t.db('user_groups').insert([
      { username: 'vendor2', group_id: 'vendor' },
      { username: 'expert-a', group_id: 'expert' },
    ]);
    for (const scoped of SCOPED) tasks.set(`${scoped.username}|${scoped.task}`, await h.start(scoped.process, scoped.variables));
    for (const [name, key] of tasks) tasks.set(name, (await h.task(key)).id);
  });
  after(() => h.stop());

  for (const user of DEMO_USERS) {
    for (const kind of ['own group', 'other group', 'other department', 'assigned to someone else'] as Kind[]) {
      const outcome = expectation(user.username, kind);
      it(`when ${user.username} (${user.groups[0]}) meets a task of ${kind === 'assigned to someone else' ? 'its group assigned to someone else' : kind}, then it is ${outcome}: ${OUTCOMES[outcome].map(([a, s]) => `${a} ${s}`).join(', ')}`, async () => {
        const id = tasks.get(`${user.username}|${kind}`)!;
        const token = h.token(user.username);
        const seen: Array<[string, number]> = [];
        for (const [action] of OUTCOMES[outcome]) seen.push([action, await attempt(h, token, id, action, user.username)]);
        expect(seen).to.deep.equal(OUTCOMES[outcome]);
      });
    }
  }

  for (const scoped of SCOPED) {
    const title = scoped.username.startsWith('vendor') || scoped.task.includes('vendor') ? 'Art. 26' : 'Art. 4';
    it(`${title}: when ${scoped.username} meets ${scoped.task}, then it is ${scoped.outcome}: ${OUTCOMES[scoped.outcome].map(([a, s]) => `${a} ${s}`).join(', ')}`, async () => {
      const id = tasks.get(`${scoped.username}|${scoped.task}`)!;
      const token = h.token(scoped.username);
      const seen: Array<[string, number]> = [];
      for (const [action] of OUTCOMES[scoped.outcome]) seen.push([action, await attempt(h, token, id, action, scoped.username)]);
      expect(seen).to.deep.equal(OUTCOMES[scoped.outcome]);
    });
  }

  it('when a vendor pages through the list, then the total counts exactly the tasks on the pages, and none names another vendor', async () => {
    await h.start('tl-generic', { groups: ['vendor'], vendorUsername: 'vendor' });
    const named = await h.start('tl-generic', { groups: ['vendor'], vendorUsername: 'vendor2' });
    await h.task(named);
    for (const username of ['vendor', 'vendor2']) {
      const token = h.token(username);
      const ids: string[] = [];
      let total = -1;
      for (let page = 1; page <= 20; page++) {
        const answer = await h.api('GET', `/api/tasks?view=all&pageSize=2&page=${page}`, { token });
        total = answer.body.total;
        ids.push(...answer.body.items.map((item: { id: string }) => item.id));
        if (answer.body.items.length < 2) break;
      }
      expect(ids.length, username).to.equal(total);
      for (const id of ids) {
        const task = await h.api('GET', `/api/tasks/${id}`, { token });
        expect(task.status).to.equal(200);
        const vendor = task.body.variables.find((v: { name: string }) => v.name === 'vendorUsername');
        if (vendor) expect(vendor.value).to.equal(username);
      }
    }
  });

  describe('tokens', () => {
    const now = () => Math.floor(Date.parse('2027-01-04T09:00:00+08:00') / 1000);
    const forged = () => jwt.sign({ sub: 'bureau', exp: now() + 600 }, 'a-key-that-is-not-ours-0123456789abcdef', { algorithm: 'HS256', issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE });
    const expired = () => jwt.sign({ sub: 'bureau', iat: now() - 7200, exp: now() - 3600 }, SIGNING_KEY, { algorithm: 'HS256', issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE, noTimestamp: true });
    const unsigned = () => `${base64({ alg: 'none', typ: 'JWT' })}.${base64({ sub: 'bureau', iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, exp: now() + 600 })}.`;
    const wrongAudience = () => jwt.sign({ sub: 'bureau', exp: now() + 600 }, SIGNING_KEY, { algorithm: 'HS256', issuer: TOKEN_ISSUER, audience: 'someone-else' });
    const wrongIssuer = () => jwt.sign({ sub: 'bureau', exp: now() + 600 }, SIGNING_KEY, { algorithm: 'HS256', issuer: 'someone-else', audience: TOKEN_AUDIENCE });
    const otherAlgorithm = () => jwt.sign({ sub: 'bureau', exp: now() + 600 }, SIGNING_KEY, { algorithm: 'HS512', issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE });
    const tampered = () => {
      const [header, , signature] = h.token('clerk-a').split('.');
      return `${header}.${base64({ sub: 'bureau', iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, exp: now() + 600 })}.${signature}`;
    };
    const noSubject = () => jwt.sign({ exp: now() + 600 }, SIGNING_KEY, { algorithm: 'HS256', issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE });
    const unknownUser = () => jwt.sign({ sub: 'nobody', exp: now() + 600 }, SIGNING_KEY, { algorithm: 'HS256', issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE });
    const noExpiry = () => jwt.sign({ sub: 'bureau' }, SIGNING_KEY, { algorithm: 'HS256', issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE });
    const cases: Array<[string, () => string]> = [
      ['signed with another key (forged)', forged],
      ['expired', expired],
      ['unsigned (alg: none)', unsigned],
      ['for another audience', wrongAudience],
      ['from another issuer', wrongIssuer],
      ['signed with HS512 instead of the pinned HS256', otherAlgorithm],
      ['with a payload swapped under a valid signature', tampered],
      ['without a subject', noSubject],
      ['for a user who does not exist', unknownUser],
      ['without an expiry', noExpiry],
      ['missing', () => ''],
    ];
    for (const [name, make] of cases) {
      it(`when the Bearer token is ${name}, then every API route answers 401`, async () => {
        const id = tasks.get('bureau|own group')!;
        const token = make();
        const statuses = await Promise.all([
          h.api('GET', '/api/tasks', { token }),
          h.api('GET', `/api/tasks/${id}`, { token }),
          h.api('POST', `/api/tasks/${id}/claim`, { token }),
          h.api('POST', `/api/tasks/${id}/complete`, { token, body: { variables: {} } }),
          h.api('POST', `/api/tasks/${id}/comments`, { token, body: { text: 'x' } }),
        ]);
        expect(statuses.map((s) => s.status)).to.deep.equal([401, 401, 401, 401, 401]);
        expect(statuses[0].body.error).to.equal('unauthenticated');
      });
    }

    it('when a valid token is sent as the session cookie to the API, then it is refused: the API takes only Bearer tokens', async () => {
      const answer = await h.api('GET', '/api/tasks', { headers: { cookie: `gx_session=${h.token('bureau')}` } });
      expect(answer.status).to.equal(401);
    });
  });
});

function base64(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

async function attempt(h: Harness, token: string, id: string, action: string, username: string): Promise<number> {
  switch (action) {
    case 'list': {
      const answer = await h.api('GET', '/api/tasks?view=all&pageSize=100', { token });
      expect(answer.status).to.equal(200);
      return answer.body.items.filter((item: { id: string }) => item.id === id).length;
    }
    case 'view':
      return (await h.api('GET', `/api/tasks/${id}`, { token })).status;
    case 'claim':
      return (await h.api('POST', `/api/tasks/${id}/claim`, { token })).status;
    case 'unclaim':
      return (await h.api('POST', `/api/tasks/${id}/unclaim`, { token })).status;
    case 'assign':
      return (await h.api('POST', `/api/tasks/${id}/assign`, { token, body: { username } })).status;
    case 'comment':
      return (await h.api('POST', `/api/tasks/${id}/comments`, { token, body: { text: `comment by ${username}` } })).status;
    case 'complete':
    case 'complete again':
      return (await h.api('POST', `/api/tasks/${id}/complete`, { token, body: { variables: {} } })).status;
    default:
      throw new Error(`Expected a known action, but got '${action}'`);
  }
}
