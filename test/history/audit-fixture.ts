import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { startTestEngine, type TestEngine } from '../helpers/engine';
import { bpmnXml, chain, end, serviceTask, start } from '../helpers/bpmn';
import { chainHash, linkHash } from '../../src/engine/log/hash';
import { RECORD_SELECT, recordHeaderFromRow } from '../../src/engine/log/log-store';
import { appendOperation } from '../../src/tasklist/operation-log';
import { operationContentDigest } from '../../src/tasklist/operation-chain';
import { loadOrCreateSigningKey, type AuditPaths, type AuditSigningKey } from '../../src/history/audit-keys';
import { writeCheckpoint } from '../../src/history/checkpoint';
import { operationContent } from '../../src/history/verify-trail';

/**
 * An audit trail to attack: an engine with two instances of a one-task process (the first carries the
 * sensitive bidAmount, Art. 26), operations on both, and two signed checkpoints (after the first instance
 * and at the end), with the key and checkpoint file in a temporary directory.
 */
export interface AuditFixture {
  t: TestEngine;
  key: AuditSigningKey;
  paths: AuditPaths;
  first: string;
  second: string;
  stop(): Promise<void>;
}

export async function startAuditFixture(): Promise<AuditFixture> {
  const t = await startTestEngine();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-'));
  const paths = { privateKeyFile: path.join(dir, 'key.pem'), publicKeyFile: path.join(dir, 'key.pub.pem'), checkpointFile: path.join(dir, 'checkpoints.jsonl') };
  const key = loadOrCreateSigningKey(paths, () => undefined);
  const xml = bpmnXml('audited', start(), serviceTask('work', 'audited-work'), end(), ...chain('start', 'work', 'end'));
  await t.client.deployResource({ process: Buffer.from(xml), name: 'audited.bpmn' });
  const instance = async (variables: Record<string, number>) => {
    const created = await t.client.createProcessInstance({ bpmnProcessId: 'audited', variables });
    await t.embedded.engine.whenIdle();
    const key = String(created.processInstanceKey);
    for (const action of ['claim', 'comment', 'complete'] as const) {
      await appendOperation(t.db, { at: new Date(t.clock.now()), username: 'clerk-a', action, taskId: `task-${key}`, processInstanceKey: key, detail: { step: action } });
      t.clock.advance(1000);
    }
    return key;
  };
  const first = await instance({ amount: 100, bidAmount: 1234500 });
  await writeCheckpoint(t.db, key, t.clock.now(), paths.checkpointFile);
  const second = await instance({ amount: 200 });
  await appendOperation(t.db, { at: new Date(t.clock.now()), username: 'clerk-b', action: 'login', detail: {} });
  await writeCheckpoint(t.db, key, t.clock.now(), paths.checkpointFile);
  return {
    t,
    key,
    paths,
    first,
    second,
    async stop() {
      await t.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

class RolledBack extends Error {}

/** Runs an attack and what checks it inside a transaction that is rolled back: every test starts untouched. */
export async function rolledBack<T>(db: Knex, run: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  let result: T | undefined;
  await db
    .transaction(async (trx) => {
      result = await run(trx);
      throw new RolledBack();
    })
    .catch((error) => {
      if (!(error instanceof RolledBack)) throw error;
    });
  return result as T;
}

/** The attacker with full database rights but no key: recomputes every engine hash from a position on. */
export async function recomputeEngineHashes(db: Knex, from: number): Promise<void> {
  const previous = (await db.raw('select hash from engine_records where position = ?', [from - 1])).rows[0]?.hash ?? '0'.repeat(64);
  let hash = previous;
  const rows = (await db.raw(`select ${RECORD_SELECT} from engine_records r where r.position >= ? order by r.position`, [from])).rows as any[];
  for (const row of rows) {
    hash = chainHash(hash, recordHeaderFromRow(row), row.value, row.value_salt);
    await db.raw('update engine_records set hash = ? where position = ?', [hash, row.position]);
  }
}

/** The same attacker on the operation log. */
export async function recomputeOperationHashes(db: Knex, from: number): Promise<void> {
  let hash = (await db('operation_log').where({ chain_position: from - 1 }).first('hash'))?.hash ?? '0'.repeat(64);
  for (const row of await db('operation_log').where('chain_position', '>=', from).orderBy('chain_position')) {
    hash = linkHash(hash, operationContentDigest(operationContent(row)));
    await db('operation_log').where({ id: row.id }).update({ hash });
  }
}
