import express from 'express';
import type { InstanceHistories } from '../../history/instance-history';
import { requireApiUser } from '../session';
import type { WebDeps } from '../web-deps';
import { historyJsonRoutes, requireHistoryReader } from './history-handlers';

/**
 * The history under /api/history for Bearer tokens: instance search, one instance (diagram, badges,
 * timeline), its state at a position, its variables' changes. Only GETs: history is read, never written.
 * No catch-all 404 here, so /api/history routes of other modules (verification, exports) are reached.
 */
export function historyReadApi(deps: WebDeps, histories: InstanceHistories): express.Router {
  const router = express.Router();
  router.use(requireApiUser(deps), requireHistoryReader);
  router.use(
    historyJsonRoutes(deps, histories, {
      search: '/instances',
      instance: '/instances/:key',
      replay: '/instances/:key/replay',
      variables: '/instances/:key/variables',
    }),
  );
  return router;
}
