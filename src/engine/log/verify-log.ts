import type { Knex } from 'knex';
import { GENESIS_HASH, chainHash } from './hash';
import type { LogRecord } from './record';

export interface LogVerification {
  ok: boolean;
  /** Records checked. */
  records: number;
  /** What is wrong, first problem first; at most `limit` of them. */
  problems: string[];
}

const PAGE = 10_000;

/**
 * Proves the log unaltered from the table alone: positions run 1, 2, 3… without a gap, and each row's hash
 * is sha256 over the previous row's hash and the row as stored. An edited, inserted or deleted row breaks
 * the chain from that row on.
 */
export async function verifyLog(db: Knex, limit = 10): Promise<LogVerification> {
  const problems: string[] = [];
  let previousHash = GENESIS_HASH;
  let expected = 1;
  for (;;) {
    const result = await db.raw(
      `select r.position::text as position, r.source_record_position::text as source, r.key::text as key,
              r.timestamp::text as ts, r.record_type, r.value_type, r.intent, r.rejection_type, r.rejection_reason, r.value, r.hash
         from engine_records r where r.position >= ? order by r.position limit ?`,
      [expected, PAGE],
    );
    if (result.rows.length === 0) break;
    for (const row of result.rows) {
      if (Number(row.position) !== expected) {
        problems.push(`Expected the record at position ${expected}, but the next one is at ${row.position}`);
        return { ok: false, records: expected - 1, problems };
      }
      const record: LogRecord = {
        position: expected,
        sourceRecordPosition: Number(row.source),
        key: row.key,
        timestamp: Number(row.ts),
        recordType: row.record_type,
        valueType: row.value_type,
        intent: row.intent,
        rejectionType: row.rejection_type,
        rejectionReason: row.rejection_reason ?? '',
        partitionId: 1,
        value: {},
      };
      const hash = chainHash(previousHash, record, row.value);
      if (hash !== row.hash && problems.length < limit) {
        problems.push(`Expected the hash at position ${expected} to be ${hash}, but the row holds ${row.hash}`);
      }
      previousHash = row.hash;
      expected += 1;
    }
  }
  return { ok: problems.length === 0, records: expected - 1, problems };
}
