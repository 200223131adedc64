import express, { type NextFunction, type Request, type Response } from 'express';
import type { InstanceHistories } from '../../history/instance-history';
import { searchInstances } from '../../history/instance-search';
import { mayFilterByVariable } from '../../history/masking';
import { mayReadHistory } from '../../history/history-readers';
import { TaskError } from '../../tasklist/task-errors';
import { parseInstanceQuery } from '../history-query';
import { currentUser } from '../session';
import type { WebDeps } from '../web-deps';

/**
 * The history's read-only JSON, mounted twice: under /api/history for Bearer tokens (history-read-api.ts)
 * and under /history for the instance page's own script with the session cookie (history-pages.ts). Both
 * run the same handlers, so what a reader sees and what is masked cannot differ between them.
 */
export function requireHistoryReader(_req: Request, res: Response, next: NextFunction): void {
  if (!mayReadHistory(currentUser(res))) {
    next(new TaskError('forbidden', '只有审计员和大数据发展局可以查看历史 / Only auditors and the Bureau may read the history'));
    return;
  }
  next();
}

const notFound = () => new TaskError('not-found', '没有这个流程实例 / No such process instance');

/** Runs the search for the signed-in reader, refusing a filter by a value they may not see. */
export async function searchFor(deps: WebDeps, req: Request, res: Response) {
  const query = parseInstanceQuery(req.query as Record<string, unknown>);
  if (query.variable && !mayFilterByVariable(currentUser(res), query.variable.name)) {
    throw new TaskError('invalid', `变量 ${query.variable.name} 属敏感信息（第二十六条），不能按其值检索 / ${query.variable.name} is sensitive (Art. 26): searching by its value would reveal it`, {
      var: 'sensitive (Art. 26)',
    });
  }
  return { query, result: await searchInstances(deps.db, query) };
}

export function historyJsonRoutes(deps: WebDeps, histories: InstanceHistories, paths: { search: string; instance: string; replay: string; variables: string }): express.Router {
  const router = express.Router();
  router.get(paths.search, async (req, res) => {
    const { query, result } = await searchFor(deps, req, res);
    res.json({ ...result, page: query.page, pageSize: query.pageSize });
  });
  router.get(paths.instance, async (req, res) => {
    const history = await histories.instance(String(req.params.key), currentUser(res));
    if (!history) throw notFound();
    res.json(history);
  });
  router.get(paths.replay, async (req, res) => {
    const position = Number(req.query.position);
    if (!Number.isSafeInteger(position) || position < 0) {
      throw new TaskError('invalid', 'Expected ?position= a log position (a whole number) to replay to / 请给出日志位置', { position: 'a whole number' });
    }
    const frame = await histories.frame(String(req.params.key), position, currentUser(res));
    if (!frame) throw notFound();
    res.json(frame);
  });
  router.get(paths.variables, async (req, res) => {
    const name = typeof req.query.name === 'string' && req.query.name ? req.query.name : undefined;
    const changes = await histories.variables(String(req.params.key), currentUser(res), name);
    if (!changes) throw notFound();
    res.json({ changes });
  });
  return router;
}
