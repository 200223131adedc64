import { expect } from 'chai';
import { generateKeyPairSync } from 'node:crypto';
import { rolledBack, recomputeEngineHashes, recomputeOperationHashes, startAuditFixture, type AuditFixture } from './audit-fixture';
import { verifyAuditTrail } from '../../src/history/verify-trail';
import { readCheckpointFile, readCheckpoints, signCheckpoint } from '../../src/history/checkpoint';
import { keyId } from '../../src/history/audit-keys';

/**
 * Issue 10, tamper evidence: each test is one attack on the stored trail, run inside a transaction that
 * is rolled back, and names what the verifier must report.
 */
describe('audit trail: tamper evidence', function () {
  this.timeout(120_000);
  let f: AuditFixture;
  before(async () => {
    f = await startAuditFixture();
  });
  after(() => f.stop());

  const verify = (db: any, known = false) => verifyAuditTrail(db, f.key.publicKey, { knownCheckpoints: known ? readCheckpointFile(f.paths.checkpointFile) : [] });
  const variableRow = async (db: any) =>
    Number((await db.raw("select position::int as p from engine_records where value_type = 'VARIABLE' and value like '%\"amount\"%' order by position limit 1")).rows[0].p);

  it('when nothing was touched, then both chains and both checkpoints verify and nothing is unsigned', async () => {
    const result = await verify(f.t.db, true);
    expect(result.problems).to.deep.equal([]);
    expect(result).to.include({ ok: true, checkpoints: 2, operations: 7, unsignedRecords: 0, unsignedOperations: 0 });
    expect(result.records).to.be.greaterThan(20);
  });

  it('attack "update" on engine_records: when a value is edited, then the first problem names that row and both hashes', async () => {
    const result = await rolledBack(f.t.db, async (trx) => {
      const p = await variableRow(trx);
      await trx.raw("update engine_records set value = replace(value, '100', '999') where position = ?", [p]);
      return { p, result: await verify(trx) };
    });
    expect(result.result.ok).to.equal(false);
    expect(result.result.firstProblem).to.deep.include({ table: 'engine_records', position: result.p });
    expect(result.result.firstProblem!.expected).to.match(/^hash [0-9a-f]{64}/);
  });

  it('attack "update" on operation_log: when an operation’s user is changed, then the problem names its chain position', async () => {
    const result = await rolledBack(f.t.db, async (trx) => {
      await trx('operation_log').where({ chain_position: 2 }).update({ username: 'someone-else' });
      return verify(trx);
    });
    expect(result.firstProblem).to.deep.include({ table: 'operation_log', position: 2 });
  });

  it('attack "delete": when an engine record or an operation is deleted, then the gap is reported at its position', async () => {
    const engine = await rolledBack(f.t.db, async (trx) => {
      await trx.raw('delete from engine_records where position = 5');
      return verify(trx);
    });
    expect(engine.firstProblem).to.deep.include({ table: 'engine_records', position: 5, expected: 'the row at position 5', found: 'the next row at position 6' });
    const operation = await rolledBack(f.t.db, async (trx) => {
      await trx('operation_log').where({ chain_position: 3 }).delete();
      return verify(trx);
    });
    expect(operation.firstProblem).to.deep.include({ table: 'operation_log', position: 3 });
  });

  it('attack "insert": when an operation is slipped in between (later rows renumbered, hashes recomputed), then the signed head catches it', async () => {
    const result = await rolledBack(f.t.db, async (trx) => {
      await trx.raw('alter table operation_log drop constraint operation_log_chain_position_unique');
      await trx('operation_log').where('chain_position', '>', 2).update({ chain_position: trx.raw('chain_position + 1') });
      await trx('operation_log').insert({ at: new Date(), username: 'intruder', action: 'complete', detail: '{}', chain_position: 3, hash: 'f'.repeat(64) });
      await recomputeOperationHashes(trx, 3);
      // Recomputed to the end: only the signed head can tell, so the checkpoint is what catches it.
      return verify(trx);
    });
    expect(result.ok).to.equal(false);
    expect(result.firstProblem).to.deep.include({ table: 'operation_log' });
    expect(result.firstProblem!.expected).to.include('signed by checkpoint');
  });

  it('attack "reorder": when two engine records swap their values, then the first of them is reported', async () => {
    const result = await rolledBack(f.t.db, async (trx) => {
      const rows = (await trx.raw('select position::int as p, value, value_salt from engine_records where position in (7, 8) order by position')).rows;
      await trx.raw('update engine_records set value = ?, value_salt = ? where position = 7', [rows[1].value, rows[1].value_salt]);
      await trx.raw('update engine_records set value = ?, value_salt = ? where position = 8', [rows[0].value, rows[0].value_salt]);
      return verify(trx);
    });
    expect(result.firstProblem).to.deep.include({ table: 'engine_records', position: 7 });
  });

  it('attack "truncate" (tail): when the newest records are deleted, then the chain ends before the signed head, which is reported', async () => {
    const result = await rolledBack(f.t.db, async (trx) => {
      const head = Number((await trx.raw('select max(position)::int as p from engine_records')).rows[0].p);
      await trx.raw('delete from engine_records where position > ?', [head - 3]);
      return { head, result: await verify(trx) };
    });
    expect(result.result.firstProblem).to.deep.include({ table: 'engine_records', position: result.head - 2, found: `the chain ends at position ${result.head - 3}` });
  });

  it('attack "truncate" (all): when every record, operation and checkpoint is deleted, then the checkpoint file outside the database still tells', async () => {
    const result = await rolledBack(f.t.db, async (trx) => {
      await trx.raw('delete from engine_records');
      await trx.raw('delete from operation_log');
      await trx.raw('delete from audit_checkpoints');
      return { blind: await verify(trx), known: await verify(trx, true) };
    });
    // Without anything from outside the database an empty trail is indistinguishable from a new one.
    expect(result.blind.ok).to.equal(true);
    expect(result.known.ok).to.equal(false);
    expect(result.known.firstProblem).to.deep.include({ table: 'audit_checkpoints', position: 1, found: 'no such checkpoint (deleted, or the database was rolled back)' });
    expect(result.known.problems.some((p) => p.table === 'engine_records' && p.found === 'the chain ends at position 0')).to.equal(true);
  });

  it('attack "recompute without the key" on engine_records: when a signed record is edited and every hash after it recomputed, then the signed head no longer matches', async () => {
    const result = await rolledBack(f.t.db, async (trx) => {
      const p = await variableRow(trx);
      await trx.raw("update engine_records set value = replace(value, '100', '999') where position = ?", [p]);
      await recomputeEngineHashes(trx, p);
      return verify(trx);
    });
    expect(result.ok).to.equal(false);
    expect(result.problems.every((p) => p.table === 'engine_records')).to.equal(true);
    expect(result.firstProblem!.expected).to.match(/signed by checkpoint 1\)$/);
  });

  it('attack "recompute without the key" on operation_log: when a signed operation is edited and the hashes recomputed, then checkpoint 1 catches it', async () => {
    const result = await rolledBack(f.t.db, async (trx) => {
      await trx('operation_log').where({ chain_position: 1 }).update({ action: 'unclaim' });
      await recomputeOperationHashes(trx, 1);
      return verify(trx);
    });
    expect(result.firstProblem).to.deep.include({ table: 'operation_log', position: 3 });
    expect(result.firstProblem!.expected).to.include('signed by checkpoint 1');
  });

  it('limit, stated in docs/audit-trail.md: when a row after the last checkpoint is rewritten with recomputed hashes, then nothing can tell until the next checkpoint; it is counted as unsigned', async () => {
    const result = await rolledBack(f.t.db, async (trx) => {
      await trx('operation_log').insert({ at: new Date(), username: 'late', action: 'comment', detail: '{}', chain_position: 8, engine_position: 0, hash: '0'.repeat(64) });
      await recomputeOperationHashes(trx, 8);
      return verify(trx);
    });
    expect(result).to.include({ ok: true, unsignedOperations: 1 });
  });

  it('attack "forged checkpoint": when a checkpoint is moved to the recomputed head without the key, or signed by another key, then its signature fails', async () => {
    const moved = await rolledBack(f.t.db, async (trx) => {
      await trx('operation_log').where({ chain_position: 7 }).update({ username: 'x' });
      await recomputeOperationHashes(trx, 7);
      const head = (await trx('operation_log').where({ chain_position: 7 }).first('hash')).hash;
      await trx('audit_checkpoints').where({ sequence: 2 }).update({ operation_hash: head });
      return verify(trx);
    });
    expect(moved.firstProblem).to.deep.include({ table: 'audit_checkpoints', position: 2 });
    expect(moved.firstProblem!.found).to.include('does not verify');
    const other = generateKeyPairSync('ed25519');
    const foreign = await rolledBack(f.t.db, async (trx) => {
      const [c] = await readCheckpoints(trx);
      const forged = signCheckpoint({ ...c, keyId: keyId(other.publicKey) }, other.privateKey);
      await trx('audit_checkpoints').where({ sequence: 1 }).update({ signature: forged.signature, key_id: forged.keyId });
      return verify(trx);
    });
    expect(foreign.firstProblem).to.deep.include({ table: 'audit_checkpoints', position: 1 });
  });

  it('attack "deleted checkpoint": when the first is deleted, then the sequence has a gap; when the newest is deleted, then the checkpoint file reports it', async () => {
    const first = await rolledBack(f.t.db, async (trx) => {
      await trx('audit_checkpoints').where({ sequence: 1 }).delete();
      return verify(trx);
    });
    expect(first.firstProblem).to.deep.include({ table: 'audit_checkpoints', position: 2, found: 'checkpoint 2 (checkpoints between were deleted)' });
    const newest = await rolledBack(f.t.db, async (trx) => {
      await trx('audit_checkpoints').where({ sequence: 2 }).delete();
      return { blind: await verify(trx), known: await verify(trx, true) };
    });
    expect(newest.blind.ok).to.equal(true);
    expect(newest.blind.unsignedOperations).to.be.greaterThan(0);
    expect(newest.known.firstProblem).to.deep.include({ table: 'audit_checkpoints', position: 2 });
  });
});
