import { expect } from 'chai';
import type { Express } from 'express';
import { startHarness, type Harness } from '../tasklist/harness';
import { PageClient } from '../web/page-client';

interface Route {
  method: string;
  path: string;
}

/** Every route of the app with its method, found by walking Express's router (so a route added later is covered too). */
function routesOf(app: Express): Route[] {
  const found: Route[] = [];
  const walk = (stack: any[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) found.push({ method: method.toUpperCase(), path: prefix + layer.route.path });
      } else if (layer.handle?.stack) {
        const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, prefix + mount);
      }
    }
  };
  walk((app as any).router.stack, '');
  return found;
}

/** Signing in and out changes no data of anyone's; every other write is one auditors may not make. */
const SESSION_ROUTES = new Set(['/login', '/logout', '/api/login', '/api/logout']);

describe('history: auditors only read', function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.stop());

  it('when the auditor calls every write endpoint of the application (API and pages), then each refuses with 403 and the task is unchanged', async () => {
    const key = await h.start('tl-request', { departmentId: 'dept-a' });
    const task = await h.task(key, 'FillRequest');
    const writes = routesOf(h.app).filter((r) => r.method !== 'GET' && r.method !== 'HEAD' && !SESSION_ROUTES.has(r.path));
    // The task list's five actions, on both the API and the pages, at least; any write added later joins them.
    expect(writes.length).to.be.at.least(10);
    const token = h.token('auditor');
    const page = new PageClient(h.url);
    await page.signIn('auditor');
    await page.get(`/tasks/${task.id}`);
    const refused: string[] = [];
    for (const route of writes) {
      const path = route.path.replace(':id', task.id).replace(':key', key);
      const answer = path.startsWith('/api/')
        ? await h.api(route.method, path, { token, body: { variables: { projectName: 'x' }, text: 'x', username: 'clerk-a' } })
        : await page.post(path, { text: 'x', username: 'clerk-a', confirm: 'yes', projectName: 'x' });
      expect(answer.status, `${route.method} ${route.path}`).to.equal(403);
      refused.push(`${route.method} ${route.path}`);
    }
    expect(refused).to.include.members(['POST /api/tasks/:id/claim', 'POST /api/tasks/:id/complete', 'POST /api/tasks/:id/comments', 'POST /api/tasks/:id/assign', 'POST /tasks/:id/claim', 'POST /tasks/:id/complete']);
    const row = await h.t.db('tasks').where({ id: task.id }).first();
    expect([row.state, row.assignee]).to.deep.equal(['open', null]);
    expect(await h.t.db('task_comments').where({ task_id: task.id })).to.deep.equal([]);
  });
});
