import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { GENESIS_HASH, chainHash, linkHash, newSalt, type RecordHeader } from '../src/engine/log/hash';
import { operationContentDigest } from '../src/tasklist/operation-chain';
import { RECORD_SELECT, recordHeaderFromRow } from '../src/engine/log/log-store';
import { operationContent } from '../src/history/verify-trail';

/**
 * Tamper evidence (issue 10):
 * - engine_records gets a per-record salt and is re-chained under the three-step hash of src/engine/log/hash.ts
 *   (value digest, content digest, link), which lets an export prove a masked value without showing it;
 * - operation_log gets its own chain (chain_position 1, 2, 3…, hash) and the engine position each operation
 *   saw; existing rows are chained in the order they were written (id);
 * - operation_chain_head holds the head of that chain: appends lock its one row, so concurrent appends from
 *   several requests (or processes) line up in one order;
 * - audit_checkpoints holds the signed checkpoints over both heads.
 *
 * The old chain is checked before it is replaced: re-chaining a log that was already altered would launder
 * the alteration. A broken old chain stops the migration unless AUDIT_ACCEPT_BROKEN_CHAIN=1 says an operator
 * looked at it (and then the position is printed).
 */
const PAGE = 5_000;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('engine_records', (t) => {
    t.string('value_salt', 32);
  });
  const snapshotPositions = new Set<number>((await knex('engine_snapshots').select('position')).map((row: { position: string | number }) => Number(row.position)));
  const newHashAt = new Map<number, { old: string; hash: string }>();
  let oldPrevious = GENESIS_HASH;
  let newPrevious = GENESIS_HASH;
  let after = 0;
  for (;;) {
    const rows = (await knex.raw(`select ${RECORD_SELECT} from engine_records r where r.position > ? order by r.position limit ?`, [after, PAGE])).rows as any[];
    if (rows.length === 0) break;
    const positions: number[] = [];
    const salts: string[] = [];
    const hashes: string[] = [];
    for (const row of rows) {
      const header = recordHeaderFromRow(row);
      const oldHash = createHash('sha256').update(oldPrevious).update(oldHeader(header)).update(row.value).digest('hex');
      if (oldHash !== row.hash || header.position !== after + 1) brokenOldChain(header.position, after + 1);
      oldPrevious = row.hash;
      const salt = newSalt();
      const hash = chainHash(newPrevious, header, row.value, salt);
      newPrevious = hash;
      positions.push(header.position);
      salts.push(salt);
      hashes.push(hash);
      if (snapshotPositions.has(header.position)) newHashAt.set(header.position, { old: row.hash, hash });
      after = header.position;
    }
    await knex.raw(
      `update engine_records r set value_salt = u.salt, hash = u.hash
         from unnest(?::bigint[], ?::text[], ?::text[]) as u(position, salt, hash) where r.position = u.position`,
      [positions, salts, hashes],
    );
  }
  // A snapshot remembers the hash of its last record, which the engine continues the chain from.
  for (const [position, { old, hash }] of newHashAt) {
    const row = await knex('engine_snapshots').where({ position }).first('state');
    const state = String(row.state).replace(`"lastHash":"${old}"`, `"lastHash":"${hash}"`);
    await knex('engine_snapshots').where({ position }).update({ state });
  }
  await knex.raw('alter table engine_records alter column value_salt set not null');

  await knex.schema.alterTable('operation_log', (t) => {
    t.bigInteger('chain_position');
    // The newest engine position this operation's transaction saw: where it falls among the engine's records.
    t.bigInteger('engine_position');
    t.string('hash', 64);
  });
  let position = 0;
  let previous = GENESIS_HASH;
  for (;;) {
    const rows = await knex('operation_log').whereNull('chain_position').orderBy('id').limit(PAGE);
    if (rows.length === 0) break;
    for (const row of rows) {
      position += 1;
      // Rows from before the chain did not note the engine position they saw.
      const content = operationContent({ ...row, chain_position: position, engine_position: null });
      previous = linkHash(previous, operationContentDigest(content));
      await knex('operation_log').where({ id: row.id }).update({ chain_position: position, hash: previous });
    }
  }
  await knex.raw('alter table operation_log alter column chain_position set not null');
  await knex.raw('alter table operation_log alter column hash set not null');
  await knex.schema.alterTable('operation_log', (t) => {
    t.unique(['chain_position']);
    t.index(['process_instance_key']);
  });
  await knex.schema.createTable('operation_chain_head', (t) => {
    t.integer('id').primary();
    t.bigInteger('position').notNullable();
    t.string('hash', 64).notNullable();
  });
  await knex.raw('alter table operation_chain_head add constraint operation_chain_head_one_row check (id = 1)');
  await knex('operation_chain_head').insert({ id: 1, position, hash: previous });

  await knex.schema.createTable('audit_checkpoints', (t) => {
    // 1, 2, 3…: a checkpoint removed from the middle leaves a gap (and breaks the signature chain).
    t.bigInteger('sequence').primary();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('engine_position').notNullable();
    t.string('engine_hash', 64).notNullable();
    t.bigInteger('operation_position').notNullable();
    t.string('operation_hash', 64).notNullable();
    t.text('previous_signature').notNullable();
    t.text('signature').notNullable();
    // sha256 of the public key (hex, first 16): which key signed, when keys are rotated.
    t.string('key_id', 16).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('audit_checkpoints');
  await knex.schema.dropTable('operation_chain_head');
  await knex.schema.alterTable('operation_log', (t) => {
    t.dropUnique(['chain_position']);
    t.dropIndex(['process_instance_key']);
    t.dropColumns('chain_position', 'engine_position', 'hash');
  });
  // The salted chain cannot be turned back into the old one without losing its evidence: the salts stay.
}

/** The hash input of the chain before this migration: sha256(previous ‖ header ‖ value JSON). */
function oldHeader(r: RecordHeader): string {
  return JSON.stringify([r.position, r.sourceRecordPosition, r.key, r.timestamp, r.recordType, r.valueType, r.intent, r.rejectionType, r.rejectionReason]);
}

function brokenOldChain(position: number, expected: number): void {
  const where = position === expected ? `the hash at position ${position} does not follow from the rows before it` : `position ${expected} is missing (the next is ${position})`;
  if (process.env.AUDIT_ACCEPT_BROKEN_CHAIN === '1') {
    console.error(`WARNING: the engine log was already broken before re-chaining: ${where}. Re-chained anyway (AUDIT_ACCEPT_BROKEN_CHAIN=1).`);
    return;
  }
  throw new Error(
    `Expected the engine log to verify before it is re-chained, but ${where}. Find out what altered it (a backup holds the original); to re-chain it as it is, set AUDIT_ACCEPT_BROKEN_CHAIN=1 and start again.`,
  );
}
