import express from 'express';
import type { Csrf } from '../csrf';
import type { RenderPage } from '../views';
import type { WebDeps } from '../web-deps';
import { loginPages } from './login-pages';
import { modelerPages } from './modeler-pages';
import { pageKit } from './page-kit';
import { taskListPage } from './task-list-page';
import { taskPages } from './task-pages';

/** Server-rendered pages: they work without JavaScript, and every post carries the CSRF token. */
export function pageRoutes(deps: WebDeps, render: RenderPage, csrf: Csrf): express.Router {
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '256kb' }));
  const kit = pageKit(deps, render, csrf);
  router.use(loginPages(deps, kit));
  router.use(taskListPage(deps, kit));
  router.use(taskPages(deps, kit));
  if (deps.modeler) router.use(modelerPages(deps.modeler, kit));
  return router;
}
