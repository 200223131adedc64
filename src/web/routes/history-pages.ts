import express, { type Request, type Response, type NextFunction } from 'express';
import { listDepartments } from '../../directory/directory';
import type { InstanceHistories } from '../../history/instance-history';
import { isInstanceKey } from '../../history/instance-log';
import { TaskError } from '../../tasklist/task-errors';
import type { WebDeps } from '../web-deps';
import { historyJsonRoutes, requireHistoryReader, searchFor } from './history-handlers';
import type { PageKit } from './page-kit';
import { auditApiRoutes } from './audit-api';

/** Zeebe calls a cancelled instance terminated; the filter says cancelled, as auditors do. */
const STATE_FILTER: Record<string, string> = { active: 'active', completed: 'completed', terminated: 'cancelled', incident: 'incident' };

const STATE_LABELS: Record<string, string> = {
  active: '进行中 / Active',
  completed: '已完成 / Completed',
  terminated: '已取消 / Cancelled',
  incident: '有故障 / With incident',
};

/**
 * The auditors' pages: instance search (server-rendered, works without JavaScript) and the instance page,
 * whose script (src/web/client/history-instance.ts) draws the diagram and replays it from the JSON routes
 * mounted here for the session cookie. Every route only reads.
 */
export function historyPages(deps: WebDeps, kit: PageKit, histories: InstanceHistories): express.Router {
  const router = express.Router();
  const { page, signedIn } = kit;
  router.use('/history', signedIn, requireHistoryReader, relaxStyleAttributes);

  router.get('/history', async (req, res) => {
    const departments = await listDepartments(deps.db);
    const processes = deps.names.processes();
    const context = { title: '历史 / History', departments, processes, states: [] as unknown[], filters: rawFilters(req) };
    const chosen = STATE_FILTER[String(req.query.state)] ?? String(req.query.state ?? '');
    context.states = Object.entries(STATE_LABELS).map(([id, label]) => ({ value: STATE_FILTER[id], label, selected: STATE_FILTER[id] === chosen }));
    try {
      const { query, result } = await searchFor(deps, req, res);
      const pages = Math.max(1, Math.ceil(result.total / query.pageSize));
      const link = (p: number) => `/history?${new URLSearchParams({ ...rawFilters(req), page: String(p) })}`;
      const keys = result.items.map((i) => i.processInstanceKey).join(',');
      page(req, res, 'history-search', {
        ...context,
        result,
        items: result.items.map((i) => ({ ...i, stateLabel: STATE_LABELS[i.state], startedAt: new Date(i.startedAt), endedAt: i.endedAt ? new Date(i.endedAt) : null })),
        counts: Object.entries(result.counts).map(([id, n]) => ({ label: STATE_LABELS[id], n, href: `/history?${new URLSearchParams({ ...rawFilters(req), state: STATE_FILTER[id], page: '1' })}` })),
        page: query.page,
        pages,
        previous: query.page > 1 ? link(query.page - 1) : null,
        next: query.page < pages ? link(query.page + 1) : null,
        exportHref: keys ? `/history/audit/export.json?keys=${keys}` : null,
      });
    } catch (error) {
      if (!(error instanceof TaskError) || error.kind !== 'invalid') throw error;
      page(req, res, 'history-search', { ...context, error: error.message, fieldErrors: Object.entries(error.fields ?? {}).map(([field, message]) => ({ field, message })) }, 400);
    }
  });

  router.get('/history/instances/:key', async (req, res) => {
    const key = String(req.params.key);
    if (!isInstanceKey(key)) throw new TaskError('not-found', '没有这个流程实例 / No such process instance');
    page(req, res, 'history-instance', {
      title: `流程实例 ${key} / Instance ${key}`,
      key,
    });
  });

  // The audit trail's badge and exports for the session cookie (the same routes as /api/history's, which take Bearer tokens).
  router.use('/history/audit', auditApiRoutes(deps));
  router.use(
    historyJsonRoutes(deps, histories, {
      search: '/history/instances.json',
      instance: '/history/instances/:key/data.json',
      replay: '/history/instances/:key/replay.json',
      variables: '/history/instances/:key/variables.json',
    }),
  );
  return router;
}

/**
 * bpmn-js writes `style` attributes on the SVG it draws (colours, overlay positions), which a strict
 * style-src refuses. Only the history pages allow style attributes ('unsafe-inline' for attributes alone):
 * style elements and style sheets still come only from this site, and scripts stay 'self'.
 */
function relaxStyleAttributes(_req: Request, res: Response, next: NextFunction): void {
  const policy = res.getHeader('content-security-policy');
  if (typeof policy === 'string') res.setHeader('content-security-policy', `${policy};style-src-attr 'unsafe-inline'`);
  next();
}

function rawFilters(req: Request): Record<string, string> {
  const result: Record<string, string> = {};
  for (const key of ['process', 'version', 'state', 'department', 'project', 'from', 'to', 'var', 'value', 'pageSize']) {
    const value = req.query[key];
    if (typeof value === 'string' && value) result[key] = value;
  }
  return result;
}
