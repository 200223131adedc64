import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { requestContext } from './logger';
import type { AppMetrics } from './metrics';

/** An id a proxy in front may pass on (X-Request-Id), if it is short and plain; any other is replaced. */
const ACCEPTED_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Gives every request an id (the caller's X-Request-Id when sane, else a new UUID), answers it in the
 * X-Request-Id header, runs the rest of the request inside it so every log line carries it, and on finish
 * records the latency under the route's pattern (never the raw path: keys would make endless series) and
 * writes one debug line without query string or body.
 */
export function requestTracking(logger: Logger, metrics: AppMetrics) {
  return (req: Request, res: Response, next: NextFunction) => {
    const incoming = req.get('x-request-id');
    const requestId = incoming && ACCEPTED_ID.test(incoming) ? incoming : randomUUID();
    res.set('x-request-id', requestId);
    const started = performance.now();
    res.on('finish', () => {
      const seconds = (performance.now() - started) / 1000;
      const route = routePattern(req);
      metrics.requestServed(req.method, route, res.statusCode, seconds);
      logger.debug({ requestId, method: req.method, route, status: res.statusCode, ms: Math.round(seconds * 1000) }, 'request served');
    });
    requestContext.run({ requestId }, next);
  };
}

/** The matched route's pattern, e.g. `/api/tasks/:key`; static files and unmatched paths in one series each. */
function routePattern(req: Request): string {
  if (req.route?.path) return `${req.originalUrl.startsWith('/api/') ? '/api' : ''}${String(req.route.path)}`;
  if (req.originalUrl.startsWith('/static/')) return '/static';
  return 'unmatched';
}
