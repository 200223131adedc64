import type { Knex } from 'knex';
import type { LogRecord } from './record';
import type { PendingRecord } from '../processing/context';
import type { RecordHeader } from './hash';

/**
 * One INSERT per batch, its rows as one text parameter per column that PostgreSQL splits with
 * string_to_array. Passing JS arrays instead makes pg escape every element of every array in JavaScript,
 * which profiling showed as the engine writer's largest single cost. The separators cannot occur inside
 * the elements: numbers, keys, salts, hashes and enum names contain no comma, and JSON.stringify writes
 * control characters such as U+001E escaped, never raw. A rejection reason is free text, so it alone stays
 * a text[] parameter (it is almost always empty, which costs nothing to escape).
 */
const VALUE_SEPARATOR = '\x1e';
const INSERT_SQL = `insert into engine_records (position, source_record_position, key, timestamp, record_type, value_type, intent,
    rejection_type, rejection_reason, process_instance_key, value, value_salt, hash)
  select * from unnest(
    string_to_array(?, ',')::bigint[], string_to_array(?, ',')::bigint[], string_to_array(?, ',')::bigint[],
    string_to_array(?, ',')::bigint[], string_to_array(?, ','), string_to_array(?, ','), string_to_array(?, ','),
    string_to_array(?, ','), ?::text[], string_to_array(?, ',', '')::bigint[], string_to_array(?, E'\\x1e'),
    string_to_array(?, ','), string_to_array(?, ','))`;

/** A record's columns as readers select them: numbers as text (keys exceed 2^53), the value as stored. */
export const RECORD_SELECT = `position::text as position, source_record_position::text as source, key::text as key, timestamp::text as ts,
  record_type, value_type, intent, rejection_type, rejection_reason, value, value_salt, hash`;

/** The hashed header of a row selected with RECORD_SELECT. */
export function recordHeaderFromRow(row: any): RecordHeader {
  return {
    position: Number(row.position),
    sourceRecordPosition: Number(row.source),
    key: row.key,
    timestamp: Number(row.ts),
    recordType: row.record_type,
    valueType: row.value_type,
    intent: row.intent,
    rejectionType: row.rejection_type,
    rejectionReason: row.rejection_reason ?? '',
  };
}

/** The record of a row selected with RECORD_SELECT (the partition is always 1 here). */
export function recordFromRow(row: any): LogRecord {
  return { ...recordHeaderFromRow(row), partitionId: 1, value: JSON.parse(row.value) } as LogRecord;
}

export interface StoredRecord {
  record: LogRecord;
  /** The value exactly as stored (and hashed). */
  valueJson: string;
  salt: string;
  hash: string;
}

/** Reads and appends the engine's log and snapshots. One INSERT per batch: the batch is atomic. */
export class LogStore {
  constructor(private readonly db: Knex) {}

  async append(batch: PendingRecord[]): Promise<void> {
    const n = batch.length;
    const positions = new Array<number>(n);
    const sources = new Array<number>(n);
    const keys = new Array<string>(n);
    const timestamps = new Array<number>(n);
    const recordTypes = new Array<string>(n);
    const valueTypes = new Array<string>(n);
    const intents = new Array<string>(n);
    const rejectionTypes = new Array<string>(n);
    const rejectionReasons = new Array<string>(n);
    const instanceKeys = new Array<string>(n);
    const values = new Array<string>(n);
    const salts = new Array<string>(n);
    const hashes = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      const { record, valueJson, salt, hash } = batch[i];
      const processInstanceKey = (record.value as { processInstanceKey?: string }).processInstanceKey;
      positions[i] = record.position;
      sources[i] = record.sourceRecordPosition;
      keys[i] = record.key;
      timestamps[i] = record.timestamp;
      recordTypes[i] = record.recordType;
      valueTypes[i] = record.valueType;
      intents[i] = record.intent;
      rejectionTypes[i] = record.rejectionType;
      rejectionReasons[i] = record.rejectionReason;
      // An empty element becomes NULL: records outside any instance.
      instanceKeys[i] = processInstanceKey && processInstanceKey !== '-1' ? processInstanceKey : '';
      values[i] = valueJson;
      salts[i] = salt;
      hashes[i] = hash;
    }
    await this.db.raw(INSERT_SQL, [
      positions.join(','),
      sources.join(','),
      keys.join(','),
      timestamps.join(','),
      recordTypes.join(','),
      valueTypes.join(','),
      intents.join(','),
      rejectionTypes.join(','),
      rejectionReasons,
      instanceKeys.join(','),
      values.join(VALUE_SEPARATOR),
      salts.join(','),
      hashes.join(','),
    ] as any);
  }

  /** Records after a position, in order, a page at a time. */
  async readAfter(position: number, limit: number): Promise<StoredRecord[]> {
    const rows = await this.db.raw(
      `select ${RECORD_SELECT} from engine_records r where r.position > ? order by r.position limit ?`,
      [position, limit],
    );
    return rows.rows.map((row: any) => ({
      hash: row.hash,
      valueJson: row.value,
      salt: row.value_salt,
      record: recordFromRow(row),
    }));
  }

  async latestSnapshot(): Promise<{ position: number; state: string } | undefined> {
    const rows = await this.db.raw('select s.position::text as position, s.state from engine_snapshots s order by s.position desc limit 1');
    const row = rows.rows[0];
    return row ? { position: Number(row.position), state: row.state } : undefined;
  }

  /** Stores a snapshot and drops all but the newest two (one spare in case the newest is being written). */
  async saveSnapshot(position: number, state: string, now: number): Promise<void> {
    await this.db.transaction(async (trx) => {
      await trx.raw('insert into engine_snapshots (position, created_at, state) values (?, ?, ?) on conflict (position) do nothing', [
        position,
        now,
        state,
      ]);
      await trx.raw(
        'delete from engine_snapshots where position < (select min(position) from (select position from engine_snapshots order by position desc limit 2) newest)',
      );
    });
  }
}
