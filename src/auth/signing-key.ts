import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

const KEY_FILE = 'jwt-signing-key';
const MIN_LENGTH = 32;
/** The placeholder of example configurations: a key anyone can read in the repository signs nothing. */
const PLACEHOLDER = 'change-me';

/**
 * The HS256 key for session tokens: JWT_SECRET when set (several instances must share it); otherwise one is
 * generated on the first start and kept in the data directory, so sessions survive a restart.
 */
export function loadSigningKey(jwtSecret: string | undefined, dataDir: string): string {
  if (jwtSecret) return checked(jwtSecret, 'JWT_SECRET');
  const file = path.resolve(dataDir, KEY_FILE);
  if (fs.existsSync(file)) return readKeyFile(file);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const key = randomBytes(48).toString('base64url');
  try {
    // wx: two processes starting at once must not overwrite each other's key; the slower one reads the file.
    fs.writeFileSync(file, key, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readKeyFile(file);
    throw error;
  }
  return key;
}

function readKeyFile(file: string): string {
  return checked(fs.readFileSync(file, 'utf8').trim(), file);
}

function checked(key: string, source: string): string {
  if (key.length === 0) throw new Error(`Expected a signing key in ${source}, but it is empty; delete the file to have a new key generated, or set JWT_SECRET`);
  if (key.toLowerCase().includes(PLACEHOLDER)) {
    throw new Error(`Expected a secret signing key in ${source}, but it contains the placeholder "${PLACEHOLDER}"; set a random key of at least ${MIN_LENGTH} characters (e.g. openssl rand -base64 48)`);
  }
  if (key.length < MIN_LENGTH) throw new Error(`Expected ${source} to have at least ${MIN_LENGTH} characters, but it has ${key.length}`);
  return key;
}
