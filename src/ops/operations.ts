import express from 'express';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { ZBClient } from 'zeebe-node';
import { healthRoutes } from '../web/routes/health';
import { logTo } from './logger';
import type { AppMetrics } from './metrics';
import { metricsRoute } from './metrics-route';
import { requestTracking } from './request-tracking';

export interface OperationsOptions {
  db: Knex;
  /** For the readiness check's topology call: a client without retries, so a probe fails fast. */
  client: ZBClient;
  logger: Logger;
  metrics: AppMetrics;
  metricsToken?: string;
  checkTimeoutMs?: number;
}

/**
 * What an operator needs from the task list's port, mounted ahead of the pages: request ids and
 * latency for every request, `/healthz`, `/readyz` and (with a token) `/metrics`.
 */
export function operationsRoutes(options: OperationsOptions): express.Router {
  const router = express.Router();
  router.use(requestTracking(options.logger, options.metrics));
  router.use(healthRoutes({ db: options.db, client: options.client, log: logTo(options.logger, 'warn'), checkTimeoutMs: options.checkTimeoutMs }));
  router.use(metricsRoute(options.metrics, options.metricsToken));
  return router;
}
