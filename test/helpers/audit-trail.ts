import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { startAuditTrail, type AuditTrail } from '../../src/history/audit-trail';

export interface TestAuditTrail {
  trail: AuditTrail;
  /** Writes the last checkpoint and removes the key's directory. */
  stop(): Promise<void>;
}

/**
 * The audit trail for a test: its key in a new temporary directory, signed on the test's clock, and
 * checkpoints only when asked for (no interval timer runs), so a test decides what is signed.
 */
export async function startTestAuditTrail(db: Knex, now: () => number): Promise<TestAuditTrail> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'test-audit-'));
  const trail = await startAuditTrail({ db, dataDir, settings: {}, now, log: () => undefined, timer: { setInterval: () => 0, clearInterval: () => undefined } });
  return {
    trail,
    async stop() {
      await trail.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
