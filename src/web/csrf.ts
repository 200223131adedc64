import { createHmac, randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { doubleCsrf } from 'csrf-csrf';
import { SESSION_COOKIE } from './session';

const CSRF_COOKIE = 'gx_csrf';
/** Binds the login form's token to a browser before it has a session. */
const PRE_SESSION_COOKIE = 'gx_pre';

/**
 * Double-submit CSRF tokens for every form post of the pages, bound to the session cookie (or, before login,
 * to a random pre-session cookie). The API is not covered: it takes only Bearer tokens, never cookies.
 */
export function csrfProtection(signingKey: string, secureCookies: boolean) {
  // Its own secret, derived so that a CSRF token can never be mistaken for anything signed with the JWT key.
  const secret = createHmac('sha256', signingKey).update('csrf').digest('base64url');
  const cookieOptions = { sameSite: 'lax' as const, secure: secureCookies, httpOnly: true, path: '/' };
  const { doubleCsrfProtection, generateCsrfToken } = doubleCsrf({
    getSecret: () => secret,
    getSessionIdentifier: (req) => req.cookies?.[SESSION_COOKIE] ?? req.cookies?.[PRE_SESSION_COOKIE] ?? '',
    cookieName: CSRF_COOKIE,
    cookieOptions,
    getCsrfTokenFromRequest: (req) => (typeof req.body?._csrf === 'string' ? req.body._csrf : req.get('x-csrf-token')),
    errorConfig: { statusCode: 403, message: '表单已过期，请重新提交 / The form expired or lacks its CSRF token; reload and submit again', code: 'csrf' },
  });
  return {
    protect: doubleCsrfProtection,
    /** The token for the forms of the page being rendered (starting a pre-session when there is no session). */
    token(req: Request, res: Response): string {
      if (!req.cookies?.[SESSION_COOKIE] && !req.cookies?.[PRE_SESSION_COOKIE]) {
        const pre = randomBytes(24).toString('base64url');
        res.cookie(PRE_SESSION_COOKIE, pre, cookieOptions);
        req.cookies[PRE_SESSION_COOKIE] = pre;
      }
      return generateCsrfToken(req, res);
    },
  };
}

export type Csrf = ReturnType<typeof csrfProtection>;
export type Middleware = (req: Request, res: Response, next: NextFunction) => void;
