import fs from 'node:fs';
import type { KeyObject } from 'node:crypto';
import type { Knex } from 'knex';
import type { Config } from '../config';
import { auditPaths, loadOrCreateSigningKey, type AuditFileSettings, type AuditPaths } from './audit-keys';

/** The audit trail's settings from src/config.ts: where its files are, how often it signs. */
export type AuditSettings = AuditFileSettings & Partial<Pick<Config, 'auditCheckpointRows' | 'auditCheckpointMinutes'>>;
import { readCheckpointFile, type Checkpoint } from './checkpoint';
import { Checkpointer, DEFAULT_POLICY, type CheckpointPolicy, type IntervalTimer } from './checkpointer';
import { verifyAuditTrail, type AuditVerification } from './verify-trail';

/** What the web app needs of the audit trail: verify it, and sign what is there before an export. */
export interface AuditTrail {
  publicKey: KeyObject;
  keyId: string;
  verify(db: Knex): Promise<AuditVerification>;
  /** Signs the current heads (when anything is unsigned), so an export ends at a checkpoint. */
  checkpointNow(): Promise<Checkpoint | undefined>;
  /** Stops the periodic checkpoints and writes the last one (clean shutdown). */
  stop(): Promise<void>;
}

/**
 * The checkpoint policy from the settings: AUDIT_CHECKPOINT_ROWS (default 1000 rows of both chains) and
 * AUDIT_CHECKPOINT_MINUTES (default 5), whichever comes first.
 */
export function checkpointPolicy(settings: AuditSettings): CheckpointPolicy {
  const rows = settings.auditCheckpointRows ?? DEFAULT_POLICY.everyRows;
  const minutes = settings.auditCheckpointMinutes ?? DEFAULT_POLICY.everyMs / 60_000;
  const everyMs = minutes * 60_000;
  return { everyRows: rows, everyMs, pollMs: Math.min(DEFAULT_POLICY.pollMs, everyMs) };
}

/**
 * Loads (or on the first start creates) the signing key, and starts the periodic checkpoints. The first
 * checkpoint is written at once: it signs whatever the database already holds (a database from before the
 * chain gets its first signature here).
 */
export async function startAuditTrail(options: {
  db: Knex;
  dataDir: string;
  /** The AUDIT_* settings of src/config.ts (validated there); unset ones take the defaults. */
  settings?: AuditSettings;
  now: () => number;
  log: (message: string) => void;
  timer?: IntervalTimer;
  paths?: AuditPaths;
}): Promise<AuditTrail> {
  const settings = options.settings ?? {};
  const paths = options.paths ?? auditPaths(settings, options.dataDir);
  const key = loadOrCreateSigningKey(paths, options.log);
  const checkpointer = new Checkpointer({ db: options.db, key, now: options.now, policy: checkpointPolicy(settings), checkpointFile: paths.checkpointFile, log: options.log });
  await checkpointer.checkpointNow();
  checkpointer.start(options.timer);
  options.log(`Audit trail: checkpoints signed with key ${key.keyId} (public key ${paths.publicKeyFile}), copies appended to ${paths.checkpointFile}`);
  // A check reads every row of both chains (about 43 s per million records on a server): badges that ask
  // while one runs share its answer, which carries when it was checked, instead of starting another scan.
  const running = new Map<Knex, Promise<AuditVerification>>();
  const verify = (db: Knex): Promise<AuditVerification> => {
    let check = running.get(db);
    if (!check) {
      check = verifyAuditTrail(db, key.publicKey, { knownCheckpoints: knownCheckpoints(paths.checkpointFile) }).finally(() => running.delete(db));
      running.set(db, check);
    }
    return check;
  };
  return {
    publicKey: key.publicKey,
    keyId: key.keyId,
    verify,
    checkpointNow: () => checkpointer.checkpointNow(),
    stop: () => checkpointer.stop(),
  };
}

/** The checkpoints of the file outside the database, or none when there is no file yet. */
export function knownCheckpoints(file: string): Checkpoint[] {
  return fs.existsSync(file) ? readCheckpointFile(file) : [];
}

