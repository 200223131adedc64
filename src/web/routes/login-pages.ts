import express from 'express';
import { login } from '../../auth/login';
import { TOKEN_LIFETIME_SECONDS } from '../../auth/tokens';
import { endSession, SESSION_COOKIE } from '../session';
import { safeNext, type PageKit } from './page-kit';
import type { WebDeps } from '../web-deps';

/** Sign-in and sign-out pages: the session is a JWT in an HttpOnly, SameSite cookie. */
export function loginPages(deps: WebDeps, kit: PageKit): express.Router {
  const router = express.Router();
  const { csrf, loginPage, signedIn } = kit;

  router.get('/login', (req, res) => loginPage(req, res, 200, { next: safeNext(String(req.query.next ?? '/tasks')) }));

  router.post('/login', csrf.protect, async (req, res) => {
    const next = safeNext(String(req.body?.next ?? '/tasks'));
    const outcome = await login(deps, { username: req.body?.username, password: req.body?.password, address: req.ip ?? '' });
    if (!outcome.ok) {
      const message =
        outcome.reason === 'rate-limited'
          ? `登录失败次数过多，请 ${outcome.retryAfterSeconds} 秒后再试 / Too many failed logins; try again in ${outcome.retryAfterSeconds} s`
          : '用户名或密码错误 / Wrong username or password';
      if (outcome.reason === 'rate-limited') res.set('Retry-After', String(outcome.retryAfterSeconds));
      loginPage(req, res, outcome.reason === 'rate-limited' ? 429 : 401, { error: message, username: String(req.body?.username ?? ''), next });
      return;
    }
    res.cookie(SESSION_COOKIE, outcome.token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.secureCookies,
      path: '/',
      maxAge: TOKEN_LIFETIME_SECONDS * 1000,
    });
    res.redirect(303, next);
  });

  router.post('/logout', signedIn, csrf.protect, async (_req, res) => {
    await endSession(deps, res);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(303, '/login');
  });

  return router;
}
