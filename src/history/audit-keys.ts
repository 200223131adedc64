import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

/**
 * Where the audit trail's Ed25519 keys live: outside the database, so that someone with full rights on the
 * database can recompute hashes but cannot sign a checkpoint over them. Defaults are files in DATA_DIR;
 * AUDIT_KEY_FILE / AUDIT_PUBLIC_KEY_FILE / AUDIT_CHECKPOINT_FILE move them (e.g. onto a mount the database
 * administrators cannot read).
 */
export interface AuditPaths {
  privateKeyFile: string;
  publicKeyFile: string;
  /** Every checkpoint is also appended here, one JSON line each: a copy the database cannot take back. */
  checkpointFile: string;
}

/** The settings (src/config.ts) that move the files; each unset one defaults to a file in DATA_DIR. */
export type AuditFileSettings = Partial<Pick<Config, 'auditKeyFile' | 'auditPublicKeyFile' | 'auditCheckpointFile'>>;

export function auditPaths(settings: AuditFileSettings, dataDir: string): AuditPaths {
  return {
    privateKeyFile: path.resolve(settings.auditKeyFile || path.join(dataDir, 'audit-signing-key.pem')),
    publicKeyFile: path.resolve(settings.auditPublicKeyFile || path.join(dataDir, 'audit-public-key.pem')),
    checkpointFile: path.resolve(settings.auditCheckpointFile || path.join(dataDir, 'audit-checkpoints.jsonl')),
  };
}

export interface AuditSigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPem: string;
  keyId: string;
}

/**
 * The signing key: read from its file, or generated on the first start (the private key with mode 0600, the
 * public key beside it), with a message saying where they are and that the public key belongs with the
 * auditors. `log` gets that message.
 */
export function loadOrCreateSigningKey(paths: AuditPaths, log: (message: string) => void): AuditSigningKey {
  if (fs.existsSync(paths.privateKeyFile)) {
    const privateKey = readPrivateKey(paths.privateKeyFile);
    const publicKey = createPublicKey(privateKey);
    const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    if (!fs.existsSync(paths.publicKeyFile)) writeFile(paths.publicKeyFile, publicKeyPem, 0o644);
    else if (keyId(readPublicKey(paths.publicKeyFile)) !== keyId(publicKey)) {
      throw new Error(
        `Expected ${paths.publicKeyFile} to hold the public half of ${paths.privateKeyFile}, but it holds another key; delete the public key file to have it written again from the private key`,
      );
    }
    return { privateKey, publicKey, publicKeyPem, keyId: keyId(publicKey) };
  }
  const pair = generateKeyPairSync('ed25519');
  const privatePem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicKeyPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  try {
    writeFile(paths.privateKeyFile, privatePem, 0o600, 'wx');
  } catch (error) {
    // Two processes starting at once: the slower one uses the key the faster one wrote.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateSigningKey(paths, log);
    throw error;
  }
  writeFile(paths.publicKeyFile, publicKeyPem, 0o644);
  log(
    [
      `Generated the audit-trail signing key (Ed25519) in ${paths.privateKeyFile}; keep it away from database backups.`,
      `Its public key is in ${paths.publicKeyFile} (key id ${keyId(pair.publicKey)}). Hand a copy to the auditors: \`npm run verify\` checks the signed checkpoints against it.`,
      publicKeyPem.trim(),
    ].join('\n'),
  );
  return { privateKey: pair.privateKey, publicKey: pair.publicKey, publicKeyPem, keyId: keyId(pair.publicKey) };
}

export function readPublicKey(file: string): KeyObject {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`Expected the audit public key in ${file}, but it cannot be read (${(error as Error).message}); pass --public-key <file> or set AUDIT_PUBLIC_KEY_FILE`);
  }
  return parsePublicKey(text, file);
}

export function parsePublicKey(pem: string, source: string): KeyObject {
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`it is a ${key.asymmetricKeyType} key`);
    return key;
  } catch (error) {
    throw new Error(`Expected an Ed25519 public key (PEM) in ${source}, but ${(error as Error).message}`);
  }
}

/** The first 16 hex digits of sha256 over the public key (DER): names the key in checkpoints and reports. */
export function keyId(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

function readPrivateKey(file: string): KeyObject {
  try {
    const key = createPrivateKey(fs.readFileSync(file, 'utf8'));
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`it is a ${key.asymmetricKeyType} key`);
    return key;
  } catch (error) {
    throw new Error(`Expected an Ed25519 private key (PKCS#8 PEM) in ${file}, but ${(error as Error).message}; restore the file from its backup (a new key would not match the checkpoints already signed)`);
  }
}

function writeFile(file: string, text: string, mode: number, flag = 'w'): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text, { mode, flag });
}
