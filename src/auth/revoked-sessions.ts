import type { Knex } from 'knex';

/** Sessions ended by logout: their tokens are refused until they would have expired anyway. */
export async function revokeSession(db: Knex, sessionId: string, expiresAt: Date, now: Date): Promise<void> {
  await db('revoked_sessions').insert({ jti: sessionId, expires_at: expiresAt }).onConflict('jti').ignore();
  // Keeps the table small: an expired token is refused by its expiry alone.
  await db('revoked_sessions').where('expires_at', '<', now).delete();
}

export async function isSessionRevoked(db: Knex, sessionId: string): Promise<boolean> {
  return !!(await db('revoked_sessions').where({ jti: sessionId }).first());
}
