import type { Knex } from 'knex';
import { GENESIS_HASH, chainHash } from '../../../src/engine/log/hash';
import type { LogRecord } from '../../../src/engine/log/record';

/** One row of engine_records as stored: numbers as text, the value as the exact JSON text that was hashed. */
export interface LogRow {
  position: string;
  source_record_position: string;
  key: string;
  timestamp: string;
  record_type: string;
  value_type: string;
  intent: string;
  rejection_type: string | null;
  rejection_reason: string | null;
  value: string;
  hash: string;
}

export async function readLogRows(db: Knex): Promise<LogRow[]> {
  const result = await db.raw(
    `select position::text as position, source_record_position::text as source_record_position, key::text as key,
            timestamp::text as timestamp, record_type, value_type, intent, rejection_type, rejection_reason, value, hash
       from engine_records order by engine_records.position`,
  );
  return result.rows;
}

/**
 * What an auditor checks from the table alone: positions run 1, 2, 3… without a gap, and every hash is
 * sha256 over the previous hash and the row. Returns the problems found, at most `limit` of them.
 */
export function auditChain(rows: LogRow[], limit = 5): string[] {
  const problems: string[] = [];
  let previous = GENESIS_HASH;
  for (let i = 0; i < rows.length && problems.length < limit; i++) {
    const row = rows[i];
    if (row.position !== String(i + 1)) {
      problems.push(`Expected position ${i + 1} at row ${i + 1}, but found ${row.position}`);
      break;
    }
    const record: LogRecord = {
      position: Number(row.position),
      sourceRecordPosition: Number(row.source_record_position),
      key: row.key,
      timestamp: Number(row.timestamp),
      recordType: row.record_type as LogRecord['recordType'],
      valueType: row.value_type as LogRecord['valueType'],
      intent: row.intent,
      rejectionType: row.rejection_type as LogRecord['rejectionType'],
      rejectionReason: row.rejection_reason ?? '',
      partitionId: 1,
      value: {},
    };
    const expected = chainHash(previous, record, row.value);
    if (expected !== row.hash) problems.push(`Expected hash ${expected} at position ${row.position}, but the row holds ${row.hash}`);
    previous = row.hash;
  }
  return problems;
}

/** The paths where two JSON-like values differ, with both sides, so a failure shows what diverged and not a wall of JSON. */
export function differences(live: unknown, other: unknown, limit = 12, path = '$', found: string[] = []): string[] {
  if (found.length >= limit) return found;
  if (Object.is(live, other)) return found;
  const bothObjects = live !== null && other !== null && typeof live === 'object' && typeof other === 'object';
  if (!bothObjects || Array.isArray(live) !== Array.isArray(other)) {
    found.push(`${path}: live ${short(live)} but recovered ${short(other)}`);
    return found;
  }
  if (Array.isArray(live) && Array.isArray(other) && live.length !== other.length) {
    found.push(`${path}: live has ${live.length} entries, recovered ${other.length}`);
  }
  const keys = new Set([...Object.keys(live as object), ...Object.keys(other as object)]);
  for (const key of keys) {
    differences((live as any)[key], (other as any)[key], limit, `${path}.${key}`, found);
    if (found.length >= limit) break;
  }
  return found;
}

function short(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? 'undefined' : text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
