import type { NextFunction, Request, Response } from 'express';
import { TaskError, type TaskErrorKind } from '../tasklist/task-errors';
import type { Csrf } from './csrf';
import type { RenderPage } from './views';

const STATUS: Record<TaskErrorKind, number> = { invalid: 400, forbidden: 403, 'not-found': 404, conflict: 409, unavailable: 503 };

export function statusOf(kind: TaskErrorKind): number {
  return STATUS[kind];
}

/**
 * The one place errors become answers: JSON {error, message, fields?} under /api, an error page elsewhere.
 * Unexpected errors are logged and answered without their details.
 */
export function errorHandler(render: RenderPage, log: (message: string) => void, csrf: Csrf) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const { status, code, message, fields } = describe(error);
    if (status >= 500 && !(error instanceof TaskError)) log(`${req.method} ${req.originalUrl}: ${(error as Error)?.stack ?? error}`);
    if (res.headersSent) return;
    if (req.originalUrl.startsWith('/api/')) {
      res.status(status).json({ error: code, message, ...(fields ? { fields } : {}) });
      return;
    }
    res.status(status).type('html').send(render('error', { title: '出错了 / Error', status, message, user: res.locals.user, csrfToken: pageToken(csrf, req, res, log) }));
  };
}

/** The token for the page's sign-out form; an error page without one is still better than none at all. */
export function pageToken(csrf: Csrf, req: Request, res: Response, log: (message: string) => void): string {
  try {
    return csrf.token(req, res);
  } catch (error) {
    log(`Expected to make a CSRF token for the error page, but ${(error as Error).message}`);
    return '';
  }
}

function describe(error: unknown): { status: number; code: string; message: string; fields?: Record<string, string> } {
  if (error instanceof TaskError) return { status: STATUS[error.kind], code: error.kind, message: error.message, fields: error.fields };
  const e = error as { status?: number; statusCode?: number; code?: string; type?: string; message?: string };
  const status = e.status ?? e.statusCode;
  if (e.code === 'csrf') return { status: 403, code: 'csrf', message: e.message ?? 'invalid csrf token' };
  if (status && status >= 400 && status < 500) {
    return { status, code: e.type === 'entity.parse.failed' ? 'invalid' : 'bad-request', message: e.type === 'entity.parse.failed' ? 'Expected a JSON body, but it could not be parsed' : (e.message ?? 'Bad request') };
  }
  return { status: 500, code: 'internal', message: '服务器内部错误 / Internal error' };
}
