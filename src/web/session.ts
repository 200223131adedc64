import type { NextFunction, Request, Response } from 'express';
import { loadSessionUser, type SessionUser } from '../auth/session-user';
import { verifyToken } from '../auth/tokens';
import type { WebDeps } from './web-deps';

export const SESSION_COOKIE = 'gx_session';

/** The user a route runs for; set by requireApiUser / requirePageUser. */
export function currentUser(res: Response): SessionUser {
  const user = res.locals.user as SessionUser | undefined;
  if (!user) throw new Error('Expected a signed-in user on this route, but the authentication middleware did not run');
  return user;
}

async function userFromToken(deps: WebDeps, token: string | undefined): Promise<SessionUser | undefined> {
  if (!token) return undefined;
  const verified = verifyToken(token, { key: deps.signingKey, now: deps.now });
  if ('invalid' in verified) return undefined;
  return loadSessionUser(deps.db, verified.username);
}

/** The JSON API takes a Bearer token only: no cookie, so no request can ride on a browser's session. */
export function requireApiUser(deps: WebDeps) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const user = await userFromToken(deps, match?.[1]);
    if (!user) {
      res.set('WWW-Authenticate', 'Bearer realm="tasklist"');
      res.status(401).json({ error: 'unauthenticated', message: '请登录 / Sign in: a valid Bearer token is required' });
      return;
    }
    res.locals.user = user;
    next();
  };
}

/** Pages take the session cookie; without a valid one they answer 401 with the login page. */
export function requirePageUser(deps: WebDeps, renderLogin: (req: Request, res: Response, status: number) => void) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const token = req.cookies?.[SESSION_COOKIE] as string | undefined;
    const user = await userFromToken(deps, token);
    if (!user) {
      if (token) res.clearCookie(SESSION_COOKIE, { path: '/' });
      renderLogin(req, res, 401);
      return;
    }
    res.locals.user = user;
    next();
  };
}
