import { randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';

/**
 * Session tokens: HS256 only (pinned on verify, so "alg: none" and RS/HS confusion are refused), with issuer,
 * audience and expiry checked against the injected clock. The token names only the user: groups and
 * department are read from the directory on every request, so a change there takes effect at once.
 */
export const TOKEN_ISSUER = 'gx-govit-tasklist';
export const TOKEN_AUDIENCE = 'gx-govit-tasklist-users';
export const TOKEN_LIFETIME_SECONDS = 60 * 60;
const ALGORITHM = 'HS256';

export interface TokenSettings {
  key: string;
  now: () => Date;
  lifetimeSeconds?: number;
}

export function issueToken(username: string, settings: TokenSettings): string {
  const issuedAt = Math.floor(settings.now().getTime() / 1000);
  const lifetime = settings.lifetimeSeconds ?? TOKEN_LIFETIME_SECONDS;
  return jwt.sign({ sub: username, iat: issuedAt, exp: issuedAt + lifetime }, settings.key, {
    algorithm: ALGORITHM,
    issuer: TOKEN_ISSUER,
    audience: TOKEN_AUDIENCE,
    // Names the session, so that logout can end it before it expires.
    jwtid: randomBytes(16).toString('base64url'),
  });
}

/** The username a valid token names, or undefined for any token that is not (reason for the log only). */
export interface VerifiedToken {
  username: string;
  sessionId: string;
  expiresAt: Date;
}

export function verifyToken(token: string, settings: TokenSettings): VerifiedToken | { invalid: string } {
  try {
    const payload = jwt.verify(token, settings.key, {
      algorithms: [ALGORITHM],
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      clockTimestamp: Math.floor(settings.now().getTime() / 1000),
    });
    if (typeof payload === 'string' || typeof payload.sub !== 'string' || typeof payload.exp !== 'number' || typeof payload.jti !== 'string') {
      return { invalid: 'Expected a token with a subject, an id and an expiry, but one is missing' };
    }
    return { username: payload.sub, sessionId: payload.jti, expiresAt: new Date(payload.exp * 1000) };
  } catch (error) {
    return { invalid: (error as Error).message };
  }
}
