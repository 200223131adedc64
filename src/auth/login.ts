import type { Knex } from 'knex';
import { appendOperation } from '../tasklist/operation-log';
import { authenticate } from './authenticate';
import type { LoginLimiter } from './login-limiter';
import type { SessionUser } from './session-user';
import { issueToken } from './tokens';

export type LoginOutcome =
  | { ok: true; user: SessionUser; token: string }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'rate-limited'; retryAfterSeconds: number };

/**
 * Signs a user in: the limiter first (a blocked name or address is not even checked), then the password.
 * Both outcomes go to the operation log (a refusal by the limiter once per block); the answer never says
 * whether the username exists.
 */
export async function login(
  deps: { db: Knex; limiter: LoginLimiter; signingKey: string; now: () => Date },
  input: { username: unknown; password: unknown; address: string },
): Promise<LoginOutcome> {
  const username = typeof input.username === 'string' ? input.username.trim().slice(0, 200) : '';
  const password = typeof input.password === 'string' ? input.password : '';
  // Counted before the slow password check, so parallel guesses cannot all slip under the limit.
  const admission = deps.limiter.admit(username, input.address);
  if (!admission.admitted) {
    // One line per block, not one per refused request: a flood must not flood the log too.
    if (admission.firstRefusal) {
      await appendOperation(deps.db, { at: deps.now(), username, action: 'login-failed', detail: { reason: 'rate-limited', address: input.address } });
    }
    return { ok: false, reason: 'rate-limited', retryAfterSeconds: admission.retryAfterSeconds };
  }
  const user = await authenticate(deps.db, username, password);
  if (!user) {
    await appendOperation(deps.db, { at: deps.now(), username, action: 'login-failed', detail: { reason: 'invalid', address: input.address } });
    return { ok: false, reason: 'invalid' };
  }
  deps.limiter.succeeded(admission.attempt);
  await appendOperation(deps.db, { at: deps.now(), username: user.username, action: 'login', detail: { address: input.address } });
  return { ok: true, user, token: issueToken(user.username, { key: deps.signingKey, now: deps.now }) };
}
