import type { Request, Response } from 'express';
import type { Csrf } from '../csrf';
import { requirePageUser } from '../session';
import type { RenderPage } from '../views';
import type { WebDeps } from '../web-deps';

/** What every page route shares: rendering with the CSRF token and user, and the sign-in gate. */
export interface PageKit {
  page(req: Request, res: Response, name: string, context: Record<string, unknown>, status?: number): void;
  loginPage(req: Request, res: Response, status: number, extra?: Record<string, unknown>): void;
  /** Lets signed-in users through; answers 401 with the login page otherwise. */
  signedIn: ReturnType<typeof requirePageUser>;
  csrf: Csrf;
}

export function pageKit(deps: WebDeps, render: RenderPage, csrf: Csrf): PageKit {
  const page: PageKit['page'] = (req, res, name, context, status = 200) => {
    res.status(status).type('html').send(render(name, { ...context, csrfToken: csrf.token(req, res), user: res.locals.user }));
  };
  const loginPage: PageKit['loginPage'] = (req, res, status, extra = {}) =>
    page(req, res, 'login', { title: '登录 / Sign in', next: '/tasks', ...extra }, status);
  // After signing in, a GET returns to its page; an interrupted post starts again from the list.
  const signedIn = requirePageUser(deps, (req, res, status) =>
    loginPage(req, res, status, { next: req.method === 'GET' ? safeNext(req.originalUrl) : '/tasks' }),
  );
  return { page, loginPage, signedIn, csrf };
}

/** Only a path of this site: never an absolute URL (no open redirect after login). */
export function safeNext(next: string): string {
  return /^\/(?![/\\])[^\s]*$/.test(next) && !next.startsWith('/login') && !next.startsWith('/logout') ? next : '/tasks';
}
