/**
 * The modeler pages' calls to their JSON routes under /modeler/api: the session cookie goes along by
 * itself; every change carries the page's CSRF token in a header.
 */
export interface ApiAnswer<T> {
  ok: boolean;
  status: number;
  body: T & { message?: string; problems?: LintProblem[] };
}

export interface LintProblem {
  rule: string;
  elementId?: string;
  message: string;
  category: 'error' | 'warn' | 'info';
}

export async function getJson<T>(path: string): Promise<ApiAnswer<T>> {
  return read<T>(await fetch(`/modeler/api${path}`, { headers: { accept: 'application/json' }, credentials: 'same-origin' }));
}

export async function postJson<T>(path: string, body: unknown, csrf: string): Promise<ApiAnswer<T>> {
  const response = await fetch(`/modeler/api${path}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf },
    body: JSON.stringify(body),
  });
  return read<T>(response);
}

async function read<T>(response: Response): Promise<ApiAnswer<T>> {
  const text = await response.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    // The sign-in gate answers its login page when the session has ended.
    body = { message: response.status === 401 ? '会话已过期，请重新登录 / Your session ended: sign in again in another tab, then retry' : `Unexpected answer (${response.status})` };
  }
  return { ok: response.ok, status: response.status, body };
}

/** Times as the server pages show them: Beijing time, 24 hours. */
const dateTime = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });

export function formatTime(iso: string | Date): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : dateTime.format(date);
}

/** An element with text content only: nothing from a diagram or the server is ever parsed as HTML. */
export function el(tag: string, text = '', className = ''): HTMLElement {
  const element = document.createElement(tag);
  if (text) element.textContent = text;
  if (className) element.className = className;
  return element;
}
