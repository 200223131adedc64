import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import type { Knex } from 'knex';
import { openTestDatabase } from '../helpers/engine';
import { appendOperation, readOperations } from '../../src/tasklist/operation-log';
import { auditPaths, loadOrCreateSigningKey } from '../../src/history/audit-keys';
import { Checkpointer } from '../../src/history/checkpointer';
import { readCheckpointFile, readCheckpoints } from '../../src/history/checkpoint';
import { verifyAuditTrail } from '../../src/history/verify-trail';

const MIGRATIONS = { directory: path.resolve(__dirname, '../../migrations'), loadExtensions: ['.ts'] };
const AUDIT_MIGRATION = '20261202200000_audit_chain.ts';

describe('audit trail: the operation chain, checkpoints and the migration', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-chain-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function database(): Promise<{ db: Knex; drop: () => Promise<void> }> {
    // The migrated template on PGlite (latest is then a no-op), a new schema on the server.
    const opened = await openTestDatabase();
    await opened.db.migrate.latest(MIGRATIONS);
    return opened;
  }

  it('when 40 operations are appended at once (server: concurrent connections), then they form one unbroken chain 1…40', async () => {
    const { db, drop } = await database();
    try {
      await Promise.all(
        Array.from({ length: 40 }, (_, i) => appendOperation(db, { at: new Date(1_800_000_000_000 + i), username: `user-${i % 7}`, action: 'claim', taskId: `t${i}`, detail: { i } })),
      );
      const positions = (await db('operation_log').orderBy('chain_position').select('chain_position')).map((row: any) => Number(row.chain_position));
      expect(positions).to.deep.equal(Array.from({ length: 40 }, (_, i) => i + 1));
      const key = loadOrCreateSigningKey(auditPaths({}, dir), () => undefined);
      const result = await verifyAuditTrail(db, key.publicKey);
      expect(result.problems).to.deep.equal([]);
      expect(result.operations).to.equal(40);
      // appendOperation keeps its signature: callers in a transaction of their own chain inside it.
      await db.transaction((trx) => appendOperation(trx, { at: new Date(), username: 'x', action: 'logout' }));
      expect((await readOperations(db)).at(-1)?.username).to.equal('x');
    } finally {
      await drop();
    }
  });

  it('when the checkpointer is ticked on an injected clock, then it signs after N rows or M minutes, never for nothing, and once more at stop', async () => {
    const { db, drop } = await database();
    try {
      const paths = auditPaths({}, dir);
      const messages: string[] = [];
      const key = loadOrCreateSigningKey(paths, (m) => messages.push(m));
      expect(messages[0]).to.include('Generated the audit-trail signing key').and.include(paths.publicKeyFile);
      expect(fs.statSync(paths.privateKeyFile).mode & 0o077).to.equal(0);
      let now = 1_800_000_000_000;
      const ticks: Array<() => void> = [];
      const checkpointer = new Checkpointer({ db, key, now: () => now, policy: { everyRows: 3, everyMs: 60_000, pollMs: 1000 }, checkpointFile: paths.checkpointFile });
      checkpointer.start({ setInterval: (run) => ticks.push(run), clearInterval: () => undefined });
      expect(ticks).to.have.length(1);
      const append = () => appendOperation(db, { at: new Date(now), username: 'u', action: 'comment' });
      expect(await checkpointer.tick(), 'the very first tick signs the empty trail').to.include({ sequence: 1, operationPosition: 0 });
      await append();
      await append();
      expect(await checkpointer.tick(), 'two rows, no time passed').to.equal(undefined);
      await append();
      expect(await checkpointer.tick(), 'three rows').to.include({ sequence: 2, operationPosition: 3 });
      await append();
      now += 59_000;
      expect(await checkpointer.tick()).to.equal(undefined);
      now += 1_000;
      expect(await checkpointer.tick(), 'a minute passed since the last').to.include({ sequence: 3, operationPosition: 4 });
      now += 120_000;
      expect(await checkpointer.tick(), 'nothing new').to.equal(undefined);
      await append();
      await checkpointer.stop();
      const stored = await readCheckpoints(db);
      expect(stored.map((c) => c.operationPosition)).to.deep.equal([0, 3, 4, 5]);
      expect(readCheckpointFile(paths.checkpointFile)).to.deep.equal(stored);
      // The key is read back, not made again, on the next start.
      expect(loadOrCreateSigningKey(paths, () => undefined).keyId).to.equal(key.keyId);
    } finally {
      await drop();
    }
  });

  it('when a database from before the chain is migrated, then a broken old chain is refused (re-chaining would launder the edit); once restored, records and operations are chained and the snapshot continues the new chain', async () => {
    const { db, drop } = await openTestDatabase({ empty: true });
    try {
      await migrateUpTo(db, AUDIT_MIGRATION);
      await insertOldStyleLog(db, 5);
      await db('operation_log').insert([
        { at: new Date(1_800_000_000_000), username: 'clerk-a', action: 'login', detail: JSON.stringify({ address: '::1' }) },
        { at: new Date(1_800_000_001_000), username: 'clerk-a', action: 'claim', task_id: '42', process_instance_key: '7', detail: '{}' },
      ]);
      const original = (await db.raw('select value from engine_records where position = 3')).rows[0].value;
      await db.raw("update engine_records set value = '{\"edited\":true}' where position = 3");
      let error: Error | undefined;
      await db.migrate.latest(MIGRATIONS).catch((e) => (error = e));
      expect(error?.message).to.include('the hash at position 3 does not follow').and.include('AUDIT_ACCEPT_BROKEN_CHAIN=1');

      await db.raw('update engine_records set value = ? where position = 3', [original]);
      await db.migrate.latest(MIGRATIONS);
      const key = loadOrCreateSigningKey(auditPaths({}, dir), () => undefined);
      const result = await verifyAuditTrail(db, key.publicKey);
      expect(result.problems).to.deep.equal([]);
      expect(result).to.include({ records: 5, operations: 2 });
      const head = (await db.raw('select hash from engine_records where position = 5')).rows[0].hash;
      const snapshot = JSON.parse((await db('engine_snapshots').first('state')).state);
      expect(snapshot.lastHash).to.equal(head);
      // The next append links to the migrated head.
      await appendOperation(db, { at: new Date(), username: 'clerk-b', action: 'login' });
      expect((await verifyAuditTrail(db, key.publicKey)).operations).to.equal(3);
    } finally {
      await drop();
    }
  });
});

/** Runs the migrations before `name`, one by one, leaving `name` and later ones pending. */
async function migrateUpTo(db: Knex, name: string): Promise<void> {
  const [, pending] = (await db.migrate.list(MIGRATIONS)) as [unknown, Array<{ file: string }>];
  for (const { file } of pending) {
    if (file >= name) break;
    await db.migrate.up({ ...MIGRATIONS, name: file });
  }
}

/** Records 1…n hashed as before this chain: sha256(previous ‖ header ‖ value JSON), and a snapshot at n. */
async function insertOldStyleLog(db: Knex, n: number): Promise<void> {
  let previous = '0'.repeat(64);
  for (let position = 1; position <= n; position++) {
    const header = [position, -1, String(2251799813685248 + position), 1_800_000_000_000 + position, 'EVENT', 'VARIABLE', 'CREATED', 'NULL_VAL', ''];
    const value = JSON.stringify({ name: 'amount', value: String(position) });
    const hash = createHash('sha256').update(previous).update(JSON.stringify(header)).update(value).digest('hex');
    await db.raw(
      `insert into engine_records (position, source_record_position, key, timestamp, record_type, value_type, intent, rejection_type, rejection_reason, value, hash)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [...header, value, hash],
    );
    previous = hash;
  }
  await db('engine_snapshots').insert({ position: n, created_at: 0, state: JSON.stringify({ lastPosition: n, lastHash: previous, lastKey: '0' }) });
}
