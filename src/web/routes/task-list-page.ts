import express, { type Request } from 'express';
import { listDepartments } from '../../directory/directory';
import { currentUser } from '../session';
import { parseTaskQuery } from '../task-query';
import type { PageKit } from './page-kit';
import type { WebDeps } from '../web-deps';

const VIEWS = [
  { id: 'mine', label: '我的任务 / My tasks' },
  { id: 'unassigned', label: '待认领 / Unclaimed in my groups' },
  { id: 'all', label: '全部可见 / All I may see' },
];

/** The task list: three views, filters, sorting and paging, all in the query string (links work without JavaScript). */
export function taskListPage(deps: WebDeps, kit: PageKit): express.Router {
  const router = express.Router();
  const { page, signedIn } = kit;

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

  return router;
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
