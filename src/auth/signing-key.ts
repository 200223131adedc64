import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

const KEY_FILE = 'jwt-signing-key';

/**
 * The HS256 key for session tokens: JWT_SECRET when set (several instances must share it); otherwise one is
 * generated on the first start and kept in the data directory, so sessions survive a restart.
 */
export function loadSigningKey(env: NodeJS.ProcessEnv, dataDir: string): string {
  const fromEnv = env.JWT_SECRET;
  if (fromEnv) {
    if (fromEnv.length < 32) throw new Error(`Expected JWT_SECRET to have at least 32 characters, but it has ${fromEnv.length}`);
    return fromEnv;
  }
  const file = path.resolve(dataDir, KEY_FILE);
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const key = randomBytes(48).toString('base64url');
  // wx: two processes starting at once must not overwrite each other's key.
  fs.writeFileSync(file, key, { mode: 0o600, flag: 'wx' });
  return key;
}
