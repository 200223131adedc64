import express, { type Request, type Response } from 'express';
import { login } from '../../auth/login';
import { listDepartments } from '../../directory/directory';
import { TaskError } from '../../tasklist/task-errors';
import type { TaskDetail } from '../../tasklist/task-service';
import type { Csrf } from '../csrf';
import { currentUser, endSession, requirePageUser, SESSION_COOKIE } from '../session';
import { parseTaskQuery } from '../task-query';
import { TOKEN_LIFETIME_SECONDS } from '../../auth/tokens';
import type { RenderPage } from '../views';
import type { WebDeps } from '../web-deps';

const VIEWS = [
  { id: 'mine', label: '我的任务 / My tasks' },
  { id: 'unassigned', label: '待认领 / Unclaimed in my groups' },
  { id: 'all', label: '全部可见 / All I may see' },
];

/** Server-rendered pages: work without JavaScript; every post carries the CSRF token. */
export function pageRoutes(deps: WebDeps, render: RenderPage, csrf: Csrf): express.Router {
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '256kb' }));

  const page = (req: Request, res: Response, name: string, context: Record<string, unknown>, status = 200) => {
    res.status(status).type('html').send(render(name, { ...context, csrfToken: csrf.token(req, res), user: res.locals.user }));
  };
  const loginPage = (req: Request, res: Response, status: number, extra: Record<string, unknown> = {}) =>
    page(req, res, 'login', { title: '登录 / Sign in', next: safeNext(req.originalUrl), ...extra }, status);

  router.get('/login', (req, res) => loginPage(req, res, 200, { next: safeNext(String(req.query.next ?? '/tasks')) }));

  router.post('/login', csrf.protect, async (req, res) => {
    const next = safeNext(String(req.body?.next ?? '/tasks'));
    const outcome = await login(deps, { username: req.body?.username, password: req.body?.password, address: req.ip ?? '' });
    if (!outcome.ok) {
      const message =
        outcome.reason === 'rate-limited'
          ? `登录失败次数过多，请 ${outcome.retryAfterSeconds} 秒后再试 / Too many failed logins; try again in ${outcome.retryAfterSeconds} s`
          : '用户名或密码错误 / Wrong username or password';
      if (outcome.reason === 'rate-limited') res.set('Retry-After', String(outcome.retryAfterSeconds));
      loginPage(req, res, outcome.reason === 'rate-limited' ? 429 : 401, { error: message, username: String(req.body?.username ?? ''), next });
      return;
    }
    res.cookie(SESSION_COOKIE, outcome.token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.secureCookies,
      path: '/',
      maxAge: TOKEN_LIFETIME_SECONDS * 1000,
    });
    res.redirect(303, next);
  });

  // After signing in, a GET returns to its page; an interrupted post starts again from the list.
  const signedIn = requirePageUser(deps, (req, res, status) => loginPage(req, res, status, { next: req.method === 'GET' ? safeNext(req.originalUrl) : '/tasks' }));

  router.post('/logout', signedIn, csrf.protect, async (_req, res) => {
    await endSession(deps, res);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(303, '/login');
  });

  router.get('/', (_req, res) => res.redirect(303, '/tasks'));

  router.get('/tasks', signedIn, async (req, res) => {
    const query = parseTaskQuery(req.query as Record<string, unknown>);
    const { items, total } = await deps.tasks.list(currentUser(res), query);
    const pages = Math.max(1, Math.ceil(total / query.pageSize));
    const departments = await listDepartments(deps.db);
    const departmentName = new Map(departments.map((d) => [d.id, d.name]));
    const link = (changes: Record<string, string | number>) => `/tasks?${new URLSearchParams({ ...rawFilters(req), ...stringify(changes) })}`;
    page(req, res, 'tasks', {
      title: '任务 / Tasks',
      done: typeof req.query.done === 'string' ? req.query.done.slice(0, 200) : undefined,
      items: items.map((task) => ({
        ...task,
        departmentName: task.departmentId ? (departmentName.get(task.departmentId) ?? task.departmentId) : '',
        overdue: !!task.dueDate && task.dueDate.getTime() < deps.now().getTime(),
      })),
      total,
      query: { ...rawFilters(req), view: query.view, sort: query.sort, order: query.order },
      views: VIEWS.map((v) => ({ ...v, selected: v.id === query.view, href: link({ view: v.id, page: 1 }) })),
      processes: deps.names.processes().map((p) => ({ ...p, selected: p.id === query.bpmnProcessId })),
      departments: departments.map((d) => ({ id: d.id, name: d.name, selected: d.id === query.departmentId })),
      page: query.page,
      pages,
      previous: query.page > 1 ? link({ page: query.page - 1 }) : null,
      next: query.page < pages ? link({ page: query.page + 1 }) : null,
      sortLinks: {
        due: link({ sort: 'due', order: query.sort === 'due' && query.order === 'asc' ? 'desc' : 'asc', page: 1 }),
        created: link({ sort: 'created', order: query.sort === 'created' && query.order === 'desc' ? 'asc' : 'desc', page: 1 }),
      },
    });
  });

  router.get('/tasks/:id', signedIn, async (req, res) => {
    const detail = await deps.tasks.view(currentUser(res), String(req.params.id));
    taskPage(req, res, detail);
  });

  const taskPage = (req: Request, res: Response, detail: TaskDetail, extra: { values?: Record<string, unknown>; errors?: Record<string, string>; message?: string; commentError?: string } = {}, status = 200) => {
    const { task, form } = detail;
    const values = extra.values ?? prefill(detail);
    page(
      req,
      res,
      'task',
      {
        title: `${task.elementName} / ${task.processName}`,
        detail,
        task,
        open: task.state === 'open',
        completed: task.state === 'completed' || task.state === 'completing',
        gone: task.state === 'gone',
        formHtml: detail.canAct && detail.isAssignee && form ? form.render(values, extra.errors ?? {}) : null,
        needsConfirmation: detail.canAct && detail.isAssignee && !form && !detail.formMissing,
        formMissing: detail.canAct && detail.formMissing,
        canClaim: detail.canAct && task.assignee === null,
        hasErrors: !!extra.errors && Object.keys(extra.errors).length > 0,
        message: extra.message,
        commentError: extra.commentError,
      },
      status,
    );
  };

  /** A post's outcome: back to the task page, or the same page with the refusal (field errors included). */
  const act = (handler: (req: Request, res: Response) => Promise<string | void>) => async (req: Request, res: Response) => {
    const id = String(req.params.id);
    try {
      const to = await handler(req, res);
      res.redirect(303, to ?? `/tasks/${encodeURIComponent(id)}`);
    } catch (error) {
      if (!(error instanceof TaskError) || error.kind === 'not-found') throw error;
      const detail = await deps.tasks.view(currentUser(res), id);
      const isComment = req.path.endsWith('/comments');
      const status = { invalid: 400, forbidden: 403, conflict: 409, unavailable: 503, 'not-found': 404 }[error.kind];
      taskPage(
        req,
        res,
        detail,
        {
          values: isComment ? undefined : formValues(req.body),
          errors: isComment ? undefined : error.fields,
          message: error.message,
          commentError: isComment ? error.message : undefined,
        },
        status,
      );
    }
  };

  router.post('/tasks/:id/claim', signedIn, csrf.protect, act(async (req, res) => void (await deps.tasks.claim(currentUser(res), String(req.params.id)))));
  router.post('/tasks/:id/unclaim', signedIn, csrf.protect, act(async (req, res) => void (await deps.tasks.unclaim(currentUser(res), String(req.params.id)))));
  router.post('/tasks/:id/assign', signedIn, csrf.protect, act(async (req, res) => void (await deps.tasks.assign(currentUser(res), String(req.params.id), req.body?.username))));
  router.post('/tasks/:id/comments', signedIn, csrf.protect, act(async (req, res) => void (await deps.tasks.comment(currentUser(res), String(req.params.id), req.body?.text))));
  router.post(
    '/tasks/:id/complete',
    signedIn,
    csrf.protect,
    act(async (req, res) => {
      const detail = await deps.tasks.view(currentUser(res), String(req.params.id));
      if (!detail.form && !detail.formMissing && req.body?.confirm !== 'yes') {
        throw new TaskError('invalid', '请确认完成此任务 / Confirm that the task is done', { confirm: '请勾选确认 / Tick to confirm' });
      }
      await deps.tasks.complete(currentUser(res), String(req.params.id), formValues(req.body));
      return `/tasks?done=${encodeURIComponent(detail.task.elementName)}`;
    }),
  );

  return router;
}

/** The submitted fields without the page's own (CSRF token, confirmation). */
function formValues(body: Record<string, unknown> | undefined): Record<string, unknown> {
  const { _csrf, confirm, ...values } = body ?? {};
  return values;
}

/** The form starts from the instance's current values of its fields. */
function prefill(detail: TaskDetail): Record<string, unknown> {
  if (!detail.form) return {};
  const values: Record<string, unknown> = {};
  for (const key of detail.form.inputKeys()) if (key in detail.task.variables) values[key] = detail.task.variables[key];
  return values;
}

/** Only a path of this site: never an absolute URL (no open redirect after login). */
function safeNext(next: string): string {
  return /^\/(?![/\\])[^\s]*$/.test(next) && !next.startsWith('/login') && !next.startsWith('/logout') ? next : '/tasks';
}

function rawFilters(req: Request): Record<string, string> {
  const result: Record<string, string> = {};
  for (const key of ['view', 'process', 'department', 'dueBefore', 'dueAfter', 'q', 'sort', 'order']) {
    const value = req.query[key];
    if (typeof value === 'string' && value) result[key] = value;
  }
  return result;
}

function stringify(values: Record<string, string | number>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)]));
}
