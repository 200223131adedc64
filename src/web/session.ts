import type { NextFunction, Request, Response } from 'express';
import { loadSessionUser, type SessionUser } from '../auth/session-user';
import { isSessionRevoked, revokeSession } from '../auth/revoked-sessions';
import { verifyToken, type VerifiedToken } from '../auth/tokens';
import { appendOperation } from '../tasklist/operation-log';
import type { WebDeps } from './web-deps';

export const SESSION_COOKIE = 'gx_session';

/** The user a route runs for; set by requireApiUser / requirePageUser. */
export function currentUser(res: Response): SessionUser {
  const user = res.locals.user as SessionUser | undefined;
  if (!user) throw new Error('Expected a signed-in user on this route, but the authentication middleware did not run');
  return user;
}

async function userFromToken(deps: WebDeps, res: Response, token: string | undefined): Promise<SessionUser | undefined> {
  if (!token) return undefined;
  const verified = verifyToken(token, { key: deps.signingKey, now: deps.now });
  if ('invalid' in verified || (await isSessionRevoked(deps.db, verified.sessionId))) return undefined;
  res.locals.session = verified;
  return loadSessionUser(deps.db, verified.username);
}

/** Ends the request's session: its token is refused from now on, wherever it was copied to. */
export async function endSession(deps: WebDeps, res: Response): Promise<void> {
  const session = res.locals.session as VerifiedToken;
  await revokeSession(deps.db, session.sessionId, session.expiresAt, deps.now());
  await appendOperation(deps.db, { at: deps.now(), username: session.username, action: 'logout' });
}

/** The JSON API takes a Bearer token only: no cookie, so no request can ride on a browser's session. */
export function requireApiUser(deps: WebDeps) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const user = await userFromToken(deps, res, match?.[1]);
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
    const user = await userFromToken(deps, res, token);
    if (!user) {
      if (token) {
        res.clearCookie(SESSION_COOKIE, { path: '/' });
        // The login page rendered next binds its CSRF token to the request's cookies: not to the dead session.
        delete req.cookies[SESSION_COOKIE];
      }
      renderLogin(req, res, 401);
      return;
    }
    res.locals.user = user;
    next();
  };
}
