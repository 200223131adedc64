import { createHash, timingSafeEqual } from 'node:crypto';
import express from 'express';
import type { AppMetrics } from './metrics';

/**
 * GET /metrics for Prometheus, on the task list's port. That port faces the clerks (and, behind a proxy,
 * perhaps the Internet), and the figures tell an outsider which procedures run how often, which job types
 * fail and how the server is loaded; each scrape also costs a database query. So the endpoint exists only
 * when METRICS_TOKEN is set, and answers only requests bearing it (Prometheus' `authorization` setting).
 */
export function metricsRoute(metrics: AppMetrics, token: string | undefined): express.Router {
  const router = express.Router();
  if (!token) return router;
  const expected = digest(token);
  router.get('/metrics', async (req, res, next) => {
    const presented = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    if (!presented || !timingSafeEqual(digest(presented), expected)) {
      res.status(401).set('www-authenticate', 'Bearer realm="metrics"').type('text').send('Expected Authorization: Bearer <METRICS_TOKEN>\n');
      return;
    }
    try {
      res.type(metrics.registry.contentType).send(await metrics.exposition());
    } catch (error) {
      next(error);
    }
  });
  return router;
}

/** Equal-length digests, so the comparison takes the same time whatever was presented. */
function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
