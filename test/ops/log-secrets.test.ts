import { expect } from 'chai';
import { SENSITIVE_VARIABLE_NAMES } from '../../src/rules/sensitive-data';
import { createLogger } from '../../src/ops/logger';
import { METRICS_TOKEN, SIGNING_KEY, startOpsApplication, type OpsApplication } from './ops-application';

const WRONG_PASSWORD = 'Wrong-Pa55word-xyz';
/** One distinctive value per sensitive variable (Art. 26), so any of them found in the log is caught. */
const SENSITIVE_VALUES = Object.fromEntries(SENSITIVE_VARIABLE_NAMES.map((name, i) => [name, `SENSITIVE-${name}-${4711 + i}`]));

/**
 * Art. 26 and plain hygiene: the JSON log (debug level, one line per request) must hold no JWT, no
 * password, no signing key or token and no value of a sensitive variable, on the paths that do log:
 * requests, a failed login, a 500 whose URL carries a token, and messages that embed a secret by mistake.
 */
describe('logs: pino JSON lines without secrets or sensitive variables (Art. 26)', function () {
  this.timeout(60_000);
  let app: OpsApplication;

  before(async () => {
    app = await startOpsApplication();
  });

  after(() => app?.stop());

  it('when users sign in, call the API, submit sensitive variables and a request fails with a token in its URL, then no secret reaches the log', async () => {
    const post = (route: string, body: unknown, token?: string) =>
      fetch(`${app.url}${route}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    expect((await post('/api/login', { username: 'clerk-a', password: WRONG_PASSWORD })).status).to.equal(401);
    const login = await post('/api/login', { username: 'clerk-a', password: 'demo' });
    const { token } = (await login.json()) as { token: string };
    expect(token).to.match(/^eyJ/);
    expect((await fetch(`${app.url}/api/tasks`, { headers: { authorization: `Bearer ${token}` } })).status).to.equal(200);
    const completed = await post('/api/tasks/1/complete', { variables: SENSITIVE_VALUES }, token);
    expect(completed.status).to.be.within(400, 404);
    // A 500: the error handler logs the URL and the stack, and this URL carries the token.
    await app.t.db.raw('alter table tasks rename to tasks_away');
    try {
      expect((await fetch(`${app.url}/api/tasks?access_token=${token}`, { headers: { authorization: `Bearer ${token}` } })).status).to.equal(500);
    } finally {
      await app.t.db.raw('alter table tasks_away rename to tasks');
    }
    await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });

    const log = app.logText();
    const lines = log.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.some((line) => line.level === 'error' && /access_token=\[redacted-jwt\]/.test(line.msg)), 'the 500 was logged, scrubbed').to.equal(true);
    expect(lines.filter((line) => line.msg === 'request served').length, 'one line per request').to.be.greaterThan(5);
    expect(log).not.to.include(token);
    expect(log).not.to.include(token.split('.')[2]);
    expect(log).not.to.include(WRONG_PASSWORD);
    expect(log).not.to.include(SIGNING_KEY);
    expect(log).not.to.include(METRICS_TOKEN);
    for (const value of Object.values(SENSITIVE_VALUES)) expect(log, value).not.to.include(value);
  });

  it('when a message or error embeds a secret, or structured fields carry variables or credentials, then the log shows them redacted', () => {
    let text = '';
    const logger = createLogger({ level: 'info', secrets: [SIGNING_KEY, 'client-secret-of-the-cluster'], destination: { write: (line: string) => void (text += line) } });
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjbGVyay1hIn0.c2lnbmF0dXJlLW9mLWl0';
    logger.error(new Error(`token endpoint refused client-secret-of-the-cluster for ${jwt}`));
    logger.warn(`key ${SIGNING_KEY} rejected; connecting to postgres://app:db-password-1@db:5432/govit with Authorization: Bearer abc.def`);
    logger.info({ variables: { bidAmount: SENSITIVE_VALUES.bidAmount }, user: { password: WRONG_PASSWORD }, req: { headers: { authorization: `Bearer ${jwt}`, cookie: 'session=abc' } } }, 'structured');
    for (const secret of ['client-secret-of-the-cluster', jwt, SIGNING_KEY, 'db-password-1', 'abc.def', SENSITIVE_VALUES.bidAmount, WRONG_PASSWORD, 'session=abc']) {
      expect(text, secret).not.to.include(secret);
    }
    expect(text).to.include('[redacted]').and.include('postgres://app:[redacted]@db:5432/govit');
  });
});
