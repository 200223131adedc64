import path from 'node:path';
import express from 'express';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { csrfProtection } from './csrf';
import { errorHandler, pageToken } from './error-handler';
import { apiRoutes } from './routes/api';
import { historyReadApi } from './routes/history-read-api';
import { historyPages } from './routes/history-pages';
import { pageKit } from './routes/page-kit';
import { InstanceHistories } from '../history/instance-history';
import { modelerApi } from './routes/modeler-api';
import { pageRoutes } from './routes/pages';
import { loadViews } from './views';
import type { WebDeps } from './web-deps';

/**
 * The task list's Express app: helmet headers, the JSON API under /api (Bearer tokens) and the pages
 * (session cookie + CSRF tokens), one error handler for both.
 */
export function createApp(deps: WebDeps, log: (message: string) => void = console.error): express.Express {
  const app = express();
  const render = loadViews();
  const csrf = csrfProtection(deps.signingKey, deps.secureCookies);
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ? 1 : false);
  if (deps.operations) app.use(deps.operations);
  // Over plain HTTP (a LAN install without TLS) upgrading requests to HTTPS would break every page and form.
  const https = deps.secureCookies;
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          'style-src': ["'self'"],
          'form-action': ["'self'"],
          'upgrade-insecure-requests': https ? [] : null,
        },
      },
      strictTransportSecurity: https,
    }),
  );
  app.use(cookieParser());
  app.use('/static', express.static(path.join(__dirname, 'public'), { maxAge: '1h' }));
  // The auditors' history (read only) before /api's catch-all, so every /api/history route is reached.
  const histories = new InstanceHistories(deps.db);
  app.use('/api/history', historyReadApi(deps, histories));
  // Before /api: the modeler's bodies are larger than the task list's 256 kB.
  if (deps.modeler) app.use('/api/modeler', modelerApi(deps, deps.modeler));
  app.use('/api', apiRoutes(deps));
  app.use(pageRoutes(deps, render, csrf));
  app.use(historyPages(deps, pageKit(deps, render, csrf), histories));
  app.use((req, res) => {
    res
      .status(404)
      .type('html')
      .send(render('error', { title: '未找到 / Not found', status: 404, message: `没有这个页面 / No page at ${req.path}`, user: res.locals.user, csrfToken: pageToken(csrf, req, res, log) }));
  });
  app.use(errorHandler(render, log, csrf));
  return app;
}
