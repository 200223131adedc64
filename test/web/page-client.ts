/**
 * A browser without JavaScript for page tests: keeps cookies, follows nothing by itself, and remembers the
 * CSRF token of the last page so a test can post a form as a browser would (or leave the token out).
 */
export class PageClient {
  readonly cookies = new Map<string, string>();
  csrf = '';

  constructor(private readonly base: string) {}

  async get(path: string): Promise<{ status: number; html: string; headers: Headers }> {
    const response = await fetch(`${this.base}${path}`, { headers: this.cookieHeader(), redirect: 'manual' });
    return this.read(response);
  }

  async post(path: string, fields: Record<string, string | string[]>, options: { csrf?: boolean } = {}): Promise<{ status: number; html: string; headers: Headers }> {
    const body = new URLSearchParams();
    if (options.csrf !== false) body.append('_csrf', this.csrf);
    for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
    const response = await fetch(`${this.base}${path}`, {
      method: 'POST',
      headers: { ...this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      body,
      redirect: 'manual',
    });
    return this.read(response);
  }

  async signIn(username: string, password = 'demo'): Promise<void> {
    await this.get('/login');
    const answer = await this.post('/login', { username, password });
    if (answer.status !== 303) throw new Error(`Expected the login of ${username} to redirect, but got ${answer.status}`);
  }

  private cookieHeader(): Record<string, string> {
    return this.cookies.size > 0 ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
  }

  private async read(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const html = await response.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html);
    if (token) this.csrf = token[1];
    return { status: response.status, html, headers: response.headers };
  }
}
