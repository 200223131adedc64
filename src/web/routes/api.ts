import express, { type Request, type Response } from 'express';
import { login } from '../../auth/login';
import type { Task } from '../../tasklist/task';
import type { TaskDetail } from '../../tasklist/task-service';
import { parseTaskQuery } from '../task-query';
import { currentUser, endSession, requireApiUser } from '../session';
import type { WebDeps } from '../web-deps';
import { auditApiRoutes } from './audit-api';

/** The JSON API: the same use cases and rules as the pages, Bearer tokens instead of the cookie. */
export function apiRoutes(deps: WebDeps): express.Router {
  const router = express.Router();
  router.use(express.json({ limit: '256kb' }));

  router.post('/login', async (req, res) => {
    const outcome = await login(deps, { username: req.body?.username, password: req.body?.password, address: req.ip ?? '' });
    if (outcome.ok) {
      res.json({ token: outcome.token });
    } else if (outcome.reason === 'rate-limited') {
      res.set('Retry-After', String(outcome.retryAfterSeconds));
      res.status(429).json({ error: 'rate-limited', message: `登录失败次数过多，请 ${outcome.retryAfterSeconds} 秒后再试 / Too many failed logins; try again in ${outcome.retryAfterSeconds} s` });
    } else {
      res.status(401).json({ error: 'unauthenticated', message: '用户名或密码错误 / Wrong username or password' });
    }
  });

  router.use(requireApiUser(deps));

  router.post('/logout', async (_req, res) => {
    await endSession(deps, res);
    res.status(204).end();
  });

  router.get('/me', (_req, res) => {
    res.json(currentUser(res));
  });

  router.get('/tasks', async (req, res) => {
    const { items, total } = await deps.tasks.list(currentUser(res), parseTaskQuery(req.query as Record<string, unknown>));
    res.json({ items: items.map(summary), total });
  });

  router.get('/tasks/:id', async (req, res) => {
    res.json(detail(await deps.tasks.view(currentUser(res), id(req))));
  });

  router.post('/tasks/:id/claim', async (req, res) => {
    res.json(summary(await deps.tasks.claim(currentUser(res), id(req))));
  });

  router.post('/tasks/:id/unclaim', async (req, res) => {
    res.json(summary(await deps.tasks.unclaim(currentUser(res), id(req))));
  });

  router.post('/tasks/:id/assign', async (req, res) => {
    res.json(summary(await deps.tasks.assign(currentUser(res), id(req), req.body?.username)));
  });

  router.post('/tasks/:id/complete', async (req, res) => {
    const variables = req.body?.variables ?? {};
    if (typeof variables !== 'object' || Array.isArray(variables)) {
      res.status(400).json({ error: 'invalid', message: 'Expected variables to be a JSON object' });
      return;
    }
    res.json(summary(await deps.tasks.complete(currentUser(res), id(req), variables)));
  });

  router.post('/tasks/:id/comments', async (req, res) => {
    const comments = await deps.tasks.comment(currentUser(res), id(req), req.body?.text);
    res.status(201).json({ comments });
  });

  router.use('/history', auditApiRoutes(deps));

  router.use((_req: Request, res: Response) => {
    res.status(404).json({ error: 'not-found', message: 'No such API route' });
  });
  return router;
}

function id(req: Request): string {
  return String(req.params.id);
}

export function summary(task: Task) {
  return {
    id: task.id,
    processInstanceKey: task.processInstanceKey,
    bpmnProcessId: task.bpmnProcessId,
    processName: task.processName,
    elementId: task.elementId,
    name: task.elementName,
    departmentId: task.departmentId,
    formKey: task.formKey,
    assignee: task.assignee,
    candidateGroups: task.candidateGroups,
    candidateUsers: task.candidateUsers,
    dueDate: task.dueDate?.toISOString() ?? null,
    followUpDate: task.followUpDate?.toISOString() ?? null,
    state: task.state,
    createdAt: task.createdAt.toISOString(),
    completedBy: task.completedBy,
  };
}

function detail(d: TaskDetail) {
  return {
    ...summary(d.task),
    canAct: d.canAct,
    variables: d.variables,
    comments: d.comments.map((c) => ({ author: c.author, authorName: c.authorName, text: c.text, createdAt: c.createdAt.toISOString() })),
    assignable: d.assignable,
    form: d.form ? { id: d.form.id, fields: d.form.inputKeys() } : null,
  };
}
