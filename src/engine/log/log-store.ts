import type { Knex } from 'knex';
import { isEmbeddedDatabase } from '../../db';
import { PgliteAppender } from './pglite-appender';
import { ServerAppender } from './server-appender';
import type { LogRecord } from './record';
import type { PendingRecord } from '../processing/context';
import type { RecordHeader } from './hash';

/**
 * How one column of a batch travels: as one text that PostgreSQL splits with string_to_array. Passing JS
 * arrays instead makes pg escape every element of every array in JavaScript, which profiling showed as the
 * engine writer's largest single cost. The separators cannot occur inside the elements: numbers, keys,
 * salts, hashes and enum names contain no comma, and JSON.stringify writes control characters such as
 * U+001E escaped, never raw. Free text (the rejection reason) alone stays a text[] parameter; it is almost
 * always empty, which costs nothing to escape.
 */
const JOINED = {
  bigint: { separator: ',', sql: "string_to_array(?, ',')::bigint[]" },
  /** An empty element is NULL. */
  nullableBigint: { separator: ',', sql: "string_to_array(?, ',', '')::bigint[]" },
  word: { separator: ',', sql: "string_to_array(?, ',')" },
  json: { separator: '\x1e', sql: "string_to_array(?, E'\\x1e')" },
  freeText: { separator: undefined, sql: '?::text[]' },
} as const;

/**
 * Texts joined by a one-byte separator, as UTF-8 bytes. node-pg sends a Buffer parameter as it is, in binary
 * format, which for a text parameter is the text's bytes. Joining the batch's values into one string instead
 * and letting pg encode it cost five times as much (a 50-command batch of one-task instances, ~400 KB of
 * values: 0.03 against 0.006 ms of CPU per instance, measured in one process): a string that size is built
 * in V8's large-object space and copied once more when pg encodes it.
 */
function joinedBytes(texts: string[], separator: string): Buffer {
  let length = texts.length - 1;
  for (const text of texts) length += Buffer.byteLength(text);
  const bytes = Buffer.allocUnsafe(length);
  const separatorByte = separator.charCodeAt(0);
  let offset = 0;
  for (let i = 0; i < texts.length; i++) {
    if (i > 0) bytes[offset++] = separatorByte;
    offset += bytes.write(texts[i], offset);
  }
  return bytes;
}

type Parameter = string | number | string[] | Buffer;

type Column = [name: string, kind: keyof typeof JOINED, pick: (stored: PendingRecord) => string | number];

const COLUMNS: Column[] = [
  ['position', 'bigint', ({ record }) => record.position],
  ['source_record_position', 'bigint', ({ record }) => record.sourceRecordPosition],
  ['key', 'bigint', ({ record }) => record.key],
  ['timestamp', 'bigint', ({ record }) => record.timestamp],
  ['record_type', 'word', ({ record }) => record.recordType],
  ['value_type', 'word', ({ record }) => record.valueType],
  ['intent', 'word', ({ record }) => record.intent],
  ['rejection_type', 'word', ({ record }) => record.rejectionType],
  ['rejection_reason', 'freeText', ({ record }) => record.rejectionReason],
  ['process_instance_key', 'nullableBigint', ({ record }) => instanceKeyOf(record)],
  ['value', 'json', ({ valueJson }) => valueJson],
  ['value_salt', 'word', ({ salt }) => salt],
  ['hash', 'word', ({ hash }) => hash],
];

/**
 * The last parameter is the position the log must end at for the batch to be written: a batch whose
 * predecessor failed writes nothing, though it was sent before that failure was known (see append).
 */
const INSERT_SQL = `insert into engine_records (${COLUMNS.map(([name]) => name).join(', ')})
  select * from unnest(${COLUMNS.map(([, kind]) => JOINED[kind].sql).join(', ')})
  where (select coalesce(max(position), 0) from engine_records) = ?::bigint`;
/** The same with numbered placeholders, to prepare. */
const INSERT_SQL_NUMBERED = INSERT_SQL.split('?').reduce((sql, piece, i) => `${sql}$${i}${piece}`);

/** The instance a record belongs to, or '' (stored as NULL) for records outside any instance. */
function instanceKeyOf(record: LogRecord): string {
  const key = (record.value as { processInstanceKey?: string }).processInstanceKey;
  return key && key !== '-1' ? key : '';
}

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

const EARLIER_FAILURE = 'an earlier write failed, so this batch was not sent';

const PAGE_ROW = JOINED.json.separator;
const PAGE_COLUMN = '\x1f';
/** Bytes of values after which a page ends early: far below V8's longest string and PostgreSQL's 1 GB text. */
const PAGE_VALUE_BYTES = 32 * 1024 * 1024;

/**
 * A page of records as one text: rows joined by U+001E, a row's columns by U+001F, the value last. The free
 * texts travel as JSON, which escapes every control character; the value is JSON as written (JSON.stringify
 * escapes them too). On PGlite a result of rows cost ~28 µs a record in its JavaScript row parser and the
 * copy between threads, most of a restart after a crash (143,100 records after the snapshot: 5.5 s of
 * queries); one text per page takes half (143 against 284 ms per 10,000 records, same log, same process). A
 * page stops before the record that would take its values past PAGE_VALUE_BYTES (the first record always
 * comes); summing the sizes costs ~15 % (2.0 against 1.75 s for the 143,100 records).
 */
const PAGE_SELECT = `select string_agg(concat_ws(E'\\x1f', position, source_record_position, key, timestamp, record_type, value_type, intent,
    coalesce(to_json(rejection_type)::text, 'null'), coalesce(to_json(rejection_reason)::text, 'null'), value_salt, hash, value),
    E'\\x1e' order by position) as page, count(*)::int as rows
  from (select *, sum(octet_length(value)) over (order by position) - octet_length(value) as bytes_before
        from (select * from engine_records r where r.position > ? order by r.position limit ?) r) p
  where p.bytes_before < ?`;

const ROWS_SELECT = `select ${RECORD_SELECT} from engine_records r where r.position > ? order by r.position limit ?`;

function recordsOfPage({ page, rows }: { page: string | null; rows: number }): StoredRecord[] {
  const records = page === null ? [] : page.split(PAGE_ROW).map(storedRecordFromPageRow);
  if (records.length !== rows) throw new Error(`${rows} rows came back as ${records.length}`);
  return records;
}

/** One row of a page (see PAGE_SELECT), read as a RECORD_SELECT row would be. */
function storedRecordFromPageRow(text: string): StoredRecord {
  const columns: string[] = [];
  let from = 0;
  for (let i = 0; i < 11; i++) {
    const end = text.indexOf(PAGE_COLUMN, from);
    if (end === -1) throw new Error(`a row has ${i + 1} columns instead of 12`);
    columns.push(text.slice(from, end));
    from = end + 1;
  }
  const [position, source, key, ts, recordType, valueType, intent, rejectionType, rejectionReason, salt, hash] = columns;
  const value = text.slice(from);
  return storedRecordFromRow({
    position,
    source,
    key,
    ts,
    record_type: recordType,
    value_type: valueType,
    intent,
    rejection_type: JSON.parse(rejectionType),
    rejection_reason: JSON.parse(rejectionReason),
    value,
    value_salt: salt,
    hash,
  });
}

function storedRecordFromRow(row: any): StoredRecord {
  return { record: recordFromRow(row), valueJson: row.value, salt: row.value_salt, hash: row.hash };
}

export interface StoredRecord {
  record: LogRecord;
  /** The value exactly as stored (and hashed). */
  valueJson: string;
  salt: string;
  hash: string;
}

/** Parts of a snapshot read per query: a few megabytes (see serializeState). */
const SNAPSHOT_PARTS_PER_READ = 64;
const SNAPSHOT_CHARS_PER_STATEMENT = 64 * 1024 * 1024;

/**
 * Records appended to embedded PGlite between two of its checkpoints. PGlite has no checkpointer process: a
 * checkpoint writes every dirty page in one go, and no batch commits meanwhile. One per snapshot (200,000
 * records) took 130 ms, a stall that at 250 instances/s made up the p99; one per 20,000 records takes
 * 13-27 ms (measured, same session), about the same work in all.
 */
const PGLITE_CHECKPOINT_RECORDS = 20_000;

export interface LogStoreOptions {
  /** Characters of snapshot parts per INSERT on a server (see saveSnapshot); tests make it small. */
  snapshotCharsPerStatement?: number;
  /** Records between two checkpoints on embedded PGlite (see PGLITE_CHECKPOINT_RECORDS); tests make it small. */
  pgliteCheckpointRecords?: number;
  /** Bytes of values after which a page of records read from PGlite ends early (see PAGE_SELECT); tests make it small. */
  pageValueBytes?: number;
}

/** Reads and appends the engine's log and snapshots. One INSERT per batch: the batch is atomic. */
export class LogStore {
  private readonly embedded: boolean;
  private readonly snapshotCharsPerStatement: number;
  private readonly pgliteCheckpointRecords: number;
  private readonly pageValueBytes: number;
  private recordsSinceCheckpoint = 0;
  /** Embedded PGlite only: sends each append at once, in order (see PgliteAppender). */
  private readonly appender?: PgliteAppender;
  /** Server only: sends each append once the one before has finished (see ServerAppender). */
  private readonly serverAppender?: ServerAppender;
  /** Set when an append fails: the appends after it are refused unsent until resume(). */
  private failed = false;

  constructor(
    private readonly db: Knex,
    options: LogStoreOptions = {},
  ) {
    this.embedded = isEmbeddedDatabase(db);
    this.snapshotCharsPerStatement = options.snapshotCharsPerStatement ?? SNAPSHOT_CHARS_PER_STATEMENT;
    this.pgliteCheckpointRecords = options.pgliteCheckpointRecords ?? PGLITE_CHECKPOINT_RECORDS;
    this.pageValueBytes = options.pageValueBytes ?? PAGE_VALUE_BYTES;
    if (this.embedded) this.appender = new PgliteAppender(db);
    else this.serverAppender = new ServerAppender(db, () => (this.failed ? EARLIER_FAILURE : undefined));
  }

  /**
   * Appends a batch after the batches appended before it, which need not have finished: batches are written
   * in the order they are asked for, each in its own transaction. Once one fails, none after it is written
   * until resume(): those not yet sent are refused unsent, and one already sent (on PGlite each batch is sent
   * at once, see PgliteAppender) writes nothing because its INSERT only writes when the log ends right before
   * its first record. So the log never has a gap, and a batch is never written behind a failure whose own
   * outcome is unknown (a connection lost after the server committed). On a server, whose pool has several
   * connections, a batch is sent when the one before has finished.
   */
  async append(batch: PendingRecord[]): Promise<void> {
    if (this.failed) throw new Error(EARLIER_FAILURE);
    const parameters: Parameter[] = COLUMNS.map(([, kind, pick]) => {
      const values = batch.map(pick);
      const { separator } = JOINED[kind];
      if (separator === undefined) return values as string[];
      // The values, most of a batch's bytes, go to a server as the bytes themselves (see joinedBytes); PGlite
      // takes the statement as text.
      return kind === 'json' && !this.embedded ? joinedBytes(values as string[], separator) : values.join(separator);
    });
    const after = batch[0].record.position - 1;
    parameters.push(after);
    try {
      const rows = await (this.appender ? this.appendEmbedded(batch.length, parameters) : this.serverAppender!.append(INSERT_SQL_NUMBERED, parameters));
      if (rows !== batch.length) {
        throw new Error(`the log does not end at position ${after}, which this batch follows (a write before it failed), so none of the batch was written`);
      }
    } catch (error) {
      this.failed = true;
      throw error;
    }
  }

  /** After a failed append, once the caller has rebuilt its state from the log: appends are written again. */
  resume(): void {
    this.failed = false;
  }

  private appendEmbedded(records: number, parameters: Parameter[]): Promise<number> {
    const appender = this.appender!;
    if (this.recordsSinceCheckpoint >= this.pgliteCheckpointRecords) {
      // Sent before the batch, and not a condition of it: a checkpoint that fails (whatever made it fail will
      // likely fail the batch too) is tried again before the next batch.
      this.recordsSinceCheckpoint = 0;
      appender.exec('checkpoint').catch(() => (this.recordsSinceCheckpoint = this.pgliteCheckpointRecords));
    }
    this.recordsSinceCheckpoint += records;
    return appender.append(INSERT_SQL_NUMBERED, parameters as Array<string | number | string[]>);
  }

  /**
   * Records after a position, in order, a page at a time: on PGlite as one text (see PAGE_SELECT), on a
   * server as rows, which node-pg reads faster than it splits the text (143,100 records: 1.4 against 2.5 s).
   */
  async readAfter(position: number, limit: number): Promise<StoredRecord[]> {
    const result = await this.db.raw(this.embedded ? PAGE_SELECT : ROWS_SELECT, this.embedded ? [position, limit, this.pageValueBytes] : [position, limit]);
    try {
      return this.embedded ? recordsOfPage(result.rows[0]) : result.rows.map(storedRecordFromRow);
    } catch (error) {
      // The engine writes every value with JSON.stringify, which never leaves a control character raw.
      throw new Error(
        `Expected the log's records after position ${position} to hold JSON values as the engine wrote them, but one does not (${(error as Error).message}): the table was changed outside the engine`,
      );
    }
  }

  /** The newest snapshot's parts, in order; read a few at a time so that no query carries the whole state. */
  async latestSnapshot(): Promise<{ position: number; parts: string[] } | undefined> {
    const newest = (await this.db.raw('select max(s.position)::text as position from engine_snapshots s')).rows[0]?.position;
    if (newest === null || newest === undefined) return undefined;
    const parts: string[] = [];
    for (;;) {
      const page = await this.db.raw('select s.state from engine_snapshots s where s.position = ? and s.part >= ? order by s.part limit ?', [
        newest,
        parts.length,
        SNAPSHOT_PARTS_PER_READ,
      ]);
      for (const row of page.rows) parts.push(row.state);
      if (page.rows.length < SNAPSHOT_PARTS_PER_READ) break;
    }
    return { position: Number(newest), parts };
  }

  /**
   * Stores a snapshot's parts and drops all but the newest two (one spare in case the newest
   * is being written). A snapshot already stored at this position is kept as it is. Parts are taken from
   * the iterable only as they are written (see serializeState), a statement's worth at a time.
   */
  async saveSnapshot(position: number, parts: Iterable<string>, now: number): Promise<void> {
    await this.db.transaction(async (trx) => {
      const existing = await trx.raw('select 1 from engine_snapshots where position = ? limit 1', [position]);
      if (existing.rows.length > 0) return;
      let written = 0;
      if (this.embedded) {
        // One part per statement: PGlite's WebAssembly memory grows to the largest statement it has carried.
        for (const part of parts) {
          await trx.raw('insert into engine_snapshots (position, part, created_at, state) values (?, ?, ?, ?)', [position, written++, now, part]);
        }
      } else {
        // Few large statements: a statement per part left node-pg's message buffers of a few megabytes each in
        // the C heap, which does not hand them back (measured: 1,004 against 747-850 MB RSS with 100,000
        // waiting); buffers this large are mapped and unmapped whole. A group's parts travel as one text split
        // by the server, as the log's columns do (a text[] parameter made pg escape every part in JavaScript: a
        // shutdown took 8.6 s instead of 2), and a group stays far below V8's longest string.
        let group: string[] = [];
        let chars = 0;
        const insertGroup = async () => {
          await trx.raw(
            `insert into engine_snapshots (position, part, created_at, state)
               select ?, ? + u.part - 1, ?, u.state from unnest(${JOINED.json.sql}) with ordinality as u(state, part)`,
            [position, written, now, group.join(JOINED.json.separator)],
          );
          written += group.length;
          group = [];
          chars = 0;
        };
        for (const part of parts) {
          group.push(part);
          chars += part.length;
          if (chars >= this.snapshotCharsPerStatement) await insertGroup();
        }
        if (group.length > 0) await insertGroup();
      }
      await trx.raw(
        'delete from engine_snapshots where position < (select min(position) from (select distinct position from engine_snapshots order by position desc limit 2) newest)',
      );
    });
    // Embedded PGlite restarts with the engine, and after a kill it first redoes all write-ahead log since its
    // last checkpoint, which it otherwise takes only when that log reaches max_wal_size (1 GB), in the middle
    // of some commit. Checkpoints here and every PGLITE_CHECKPOINT_RECORDS bound that redo by the records after
    // the snapshot, which the engine replays anyway, and keep PGlite's own checkpoints out of the commits. A
    // server checkpoints by itself and does not restart with the engine.
    if (this.appender) {
      await this.appender.exec('checkpoint');
      this.recordsSinceCheckpoint = 0;
    }
  }
}
