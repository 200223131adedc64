import { expect } from 'chai';
import type { Knex } from 'knex';
import { openTestDatabase, startTestEngine, type TestEngine } from '../helpers/engine';
import { REFUSE_MARKED_RECORDS } from '../helpers/refused-writes';
import { waitFor } from '../helpers/settle';
import { bpmnXml, chain, end, serviceTask, start } from '../helpers/bpmn';
import { lastPosition, readRecords } from '../helpers/records';
import { verifyLog } from '../../src/engine/log/verify-log';
import { recordHeader } from '../../src/engine/log/hash';
import { PGlite } from '@electric-sql/pglite';
import { migrate, openDatabase } from '../../src/db';
import { LogStore, RECORD_SELECT, recordFromRow } from '../../src/engine/log/log-store';
import { canonicalState } from '../../src/engine/state/compare';
import { PgliteAppender } from '../../src/engine/log/pglite-appender';
import { PgliteThread, asPglite } from '../../src/pglite-thread';
import { PGLITE_START_PARAMS } from '../../src/pglite-directory';
import type { PendingRecord } from '../../src/engine/processing/context';

// The log store sends each column of a batch as one joined text that PostgreSQL splits again: text that
// contains the separators (commas, U+001E) or characters that need escaping must come back unchanged.
const AWKWARD = 'a,b,,c "quoted" \'single\' \'\' \\back\\slash\\ \u001e record separator \n new line, 云长 🏛 {"json":[1,2]} \u0000?';

describe('engine log store: what is written is what is read', () => {
  let t: TestEngine;

  beforeEach(async () => {
    t = await startTestEngine();
    const xml = bpmnXml('stored', start(), serviceTask('work', 'stored-work'), end(), ...chain('start', 'work', 'end'));
    await t.client.deployResource({ process: Buffer.from(xml), name: 'stored.bpmn' });
  });

  afterEach(() => t.stop());

  it('when variables hold commas, quotes, backslashes, control characters and Chinese text, then the stored values read back equal and the chain verifies', async () => {
    const variables = { text: AWKWARD, list: [AWKWARD, ',', '\u001e', ''], nested: { [AWKWARD]: AWKWARD } };
    const { processInstanceKey } = await t.client.createProcessInstance({ bpmnProcessId: 'stored', variables });
    await t.embedded.engine.whenIdle();

    const stored = await readRecords(t.db, { valueType: 'VARIABLE', intent: 'CREATED', processInstanceKey });
    const byName = Object.fromEntries(stored.map((r) => [r.value.name, JSON.parse(r.value.value)]));
    expect(byName).to.deep.equal(variables);
    expect((await verifyLog(t.db)).ok).to.equal(true);
  });

  it('when a command is rejected with a reason that quotes the request, then the reason reads back whole', async () => {
    const bpmnProcessId = 'no,such "process" \'quoted\' \\ \u001e';
    const failure = await t.client.createProcessInstance({ bpmnProcessId, variables: {} }).then(
      () => undefined,
      (error: Error) => error,
    );
    expect(failure).to.be.instanceOf(Error);
    await t.embedded.engine.whenIdle();

    const [rejection] = await readRecords(t.db, { recordType: 'COMMAND_REJECTION' });
    expect(rejection.rejectionType).to.equal('NOT_FOUND');
    expect(rejection.rejectionReason).to.include(bpmnProcessId);
    expect(rejection.value.bpmnProcessId).to.equal(bpmnProcessId);
    expect((await verifyLog(t.db)).ok).to.equal(true);
  });

  it('when a rejection reason holds the separators of a page of records (U+001E, U+001F), then the engine\'s reader returns it whole and a restart recovers the same state', async () => {
    const bpmnProcessId = 'row\u001eseparator column\u001fseparator';
    await t.client.createProcessInstance({ bpmnProcessId, variables: {} }).catch(() => undefined);
    await t.embedded.engine.whenIdle();

    const read = await new LogStore(t.db).readAfter(0, 1_000);
    expect(read.map((stored) => stored.record.position)).to.deep.equal(read.map((_, i) => i + 1));
    const rejection = read.find((stored) => stored.record.recordType === 'COMMAND_REJECTION')!;
    expect(rejection.record.rejectionReason).to.include(bpmnProcessId);
    expect(rejection.record.value.bpmnProcessId).to.equal(bpmnProcessId);
    const live = canonicalState(t.embedded.engine.currentState);
    await t.restart();
    expect(canonicalState(t.embedded.engine.currentState)).to.deep.equal(live);
  });

  it('when records are read a page at a time, then each equals the record read row by row, key order, NULL rejection columns and all', async () => {
    await t.client.createProcessInstance({ bpmnProcessId: 'stored', variables: { text: AWKWARD } });
    await t.client.createProcessInstance({ bpmnProcessId: 'no such process', variables: {} }).catch(() => undefined);
    await t.embedded.engine.whenIdle();
    // A row as an older writer could have left it: no rejection columns at all.
    const next = (await lastPosition(t.db)) + 1;
    await t.db.raw(
      `insert into engine_records (position, source_record_position, key, timestamp, record_type, value_type, intent, rejection_type, rejection_reason, value, value_salt, hash)
       values (?, -1, -1, 0, 'EVENT', 'TIMER', 'CREATED', null, null, '{}', ?, ?)`,
      [next, '0'.repeat(32), '0'.repeat(64)],
    );

    const paged = await new LogStore(t.db).readAfter(0, 1_000);
    const rows = (await t.db.raw(`select ${RECORD_SELECT} from engine_records r order by r.position`)).rows;
    expect(paged.length).to.equal(rows.length);
    expect(JSON.stringify(paged)).to.equal(JSON.stringify(rows.map((row: any) => ({ record: recordFromRow(row), valueJson: row.value, salt: row.value_salt, hash: row.hash }))));
    expect(paged[paged.length - 1].record).to.include({ rejectionType: null, rejectionReason: '' });
  });

  it('when the values of a page would pass its size, then the page ends early and page after page still reads every record in order', async () => {
    await t.client.createProcessInstance({ bpmnProcessId: 'stored', variables: { text: AWKWARD } });
    await t.embedded.engine.whenIdle();
    const last = await lastPosition(t.db);
    const store = new LogStore(t.db, { pageValueBytes: 400 }); // a few records' values per page on PGlite

    const positions: number[] = [];
    let pages = 0;
    for (let after = 0; ; pages++) {
      const page = await store.readAfter(after, 1_000);
      if (page.length === 0) break;
      positions.push(...page.map((stored) => stored.record.position));
      after = page[page.length - 1].record.position;
    }
    expect(positions).to.deep.equal(Array.from({ length: last }, (_, i) => i + 1));
    if (!process.env.DATABASE_URL) expect(pages).to.be.greaterThan(3);
  });

  it('when a stored value was edited to hold a raw page separator, then reading the log fails with a message that says the table was changed', async () => {
    await t.client.createProcessInstance({ bpmnProcessId: 'stored', variables: { n: 1 } });
    await t.embedded.engine.whenIdle();
    await t.db.raw('update engine_records set value = ? where position = 2', ['{"edited":"\u001e\u001f"}']);

    const failure = await new LogStore(t.db).readAfter(0, 1_000).then(() => undefined, (error: Error) => error);
    expect(failure?.message).to.match(/^Expected the log's records after position 0 to hold JSON values .* changed outside the engine$/);
  });

  it('when a rejected request quotes a NUL character, then the rejection is stored with U+FFFD in its place and the other commands of the batch are unharmed', async () => {
    const [rejected, created] = await Promise.allSettled([
      t.client.createProcessInstance({ bpmnProcessId: 'no\u0000such', variables: {} }),
      t.client.createProcessInstance({ bpmnProcessId: 'stored', variables: {} }),
    ]);
    expect(rejected.status === 'rejected' && String(rejected.reason.message)).to.match(/^5 NOT_FOUND: Command 'CREATE' rejected/);
    expect(created.status).to.equal('fulfilled');
    await t.embedded.engine.whenIdle();
    const [rejection] = await readRecords(t.db, { recordType: 'COMMAND_REJECTION' });
    expect(rejection.rejectionReason).to.include('no\uFFFDsuch');
    expect((await verifyLog(t.db)).ok).to.equal(true);
  });

  it('when the application holds a transaction open while the engine appends, then its rollback does not take the engine\'s records with it', async () => {
    const trx = await t.db.transaction();
    await trx.raw('select 1');
    const before = t.embedded.engine.currentState.lastPosition;
    const creating = t.client.createProcessInstance({ bpmnProcessId: 'stored', variables: { during: 'a transaction' } });
    // Until the engine has processed the command (its state runs ahead of the log) and begun the append.
    while (t.embedded.engine.currentState.lastPosition === before) await new Promise((resolve) => setImmediate(resolve));
    for (let turn = 0; turn < 10; turn++) await new Promise((resolve) => setImmediate(resolve));
    await trx.rollback();
    const { processInstanceKey } = await creating;
    await t.embedded.engine.whenIdle();
    expect(await readRecords(t.db, { valueType: 'VARIABLE', intent: 'CREATED', processInstanceKey })).to.have.length(1);
    expect((await verifyLog(t.db)).ok).to.equal(true);
  });

  it('when a batch holds a single record outside any instance, then its instance key is stored as null', async () => {
    await t.client.publishMessage({ name: 'nobody-waits', correlationKey: 'k', variables: {}, timeToLive: 0 });
    await t.embedded.engine.whenIdle();
    const rows = (await t.db.raw("select process_instance_key from engine_records where value_type = 'MESSAGE'")).rows;
    expect(rows.length).to.be.greaterThan(0);
    expect(rows.map((r: { process_instance_key: unknown }) => r.process_instance_key)).to.deep.equal(rows.map(() => null));
  });
});

describe('engine log store on embedded PGlite: the prepared append', () => {
  it('when a text holds a NUL character, which a literal cannot carry, then it is sent with parameters and fails with the database\'s reason, and the appends around it are written', async () => {
    const db = openDatabase({ pglite: new PGlite() });
    try {
      await db.raw('create table noted (note text)');
      const appender = new PgliteAppender(db);
      const sql = 'insert into noted values ($1)';
      const [before, withNul, after] = await Promise.allSettled([appender.append(sql, ["it's"]), appender.append(sql, ['a\u0000b']), appender.append(sql, ['after'])]);
      expect(before).to.deep.equal({ status: 'fulfilled', value: 1 });
      expect(withNul.status === 'rejected' && String(withNul.reason.message)).to.match(/0x00/);
      expect(after).to.deep.equal({ status: 'fulfilled', value: 1 });
      expect((await db.raw('select note from noted')).rows).to.deep.equal([{ note: "it's" }, { note: 'after' }]);
    } finally {
      await db.destroy();
    }
  });

  it('when another caller waits for the connection the appends hold, then it goes before the next append, and the appends after that share one hold again', async () => {
    // PGlite on a thread of its own, as the engine runs it: a statement there takes time while this thread goes on.
    const thread = new PgliteThread('memory://', PGLITE_START_PARAMS);
    const db = openDatabase({ pglite: asPglite(thread) });
    try {
      await db.raw('create table noted (note text)');
      const client = db.client as { acquireConnection(): Promise<unknown>; pool: Pool };
      const acquire = client.acquireConnection.bind(client);
      let acquisitions = 0;
      client.acquireConnection = () => (acquisitions++, acquire());
      const appender = new PgliteAppender(db);
      const insert = 'insert into noted values ($1)';

      const exec = thread.exec.bind(thread);
      let sleeping = false;
      thread.exec = (sql, options) => ((sleeping ||= sql.includes('pg_sleep')), exec(sql, options));
      const busy = appender.exec('select pg_sleep(0.5)'); // holds the connection for half a second
      await waitFor(async () => sleeping);
      const counted = db.raw('select count(*)::int as notes from noted').then((result) => result.rows[0].notes as number);
      await waitFor(async () => client.pool.numPendingAcquires() === 1);
      const appended = [appender.append(insert, ['second']), appender.append(insert, ['third'])];
      await Promise.all([busy, ...appended]);

      expect(await counted).to.equal(0); // it went before both appends
      expect(acquisitions).to.equal(3); // the first hold, the other caller, one hold for both appends
      expect((await db.raw('select note from noted')).rows).to.deep.equal([{ note: 'second' }, { note: 'third' }]);
    } finally {
      await db.destroy();
    }
  });
});

const EARLIER = 'an earlier write failed, so this batch was not sent';

/** A migrated database of its own for each test of the calling describe, and the positions its log holds. */
function logDatabasePerTest(): { readonly db: Knex; positions(): Promise<number[]> } {
  let opened: { db: Knex; drop: () => Promise<void> };
  beforeEach(async () => {
    opened = await openTestDatabase();
    await migrate(opened.db);
  });
  afterEach(() => opened.drop());
  return {
    get db() {
      return opened.db;
    },
    positions: async () => (await opened.db.raw('select position::int as position from engine_records order by position')).rows.map((row: { position: number }) => row.position),
  };
}

describe('engine log store: appends on their way together', () => {
  const log = logDatabasePerTest();
  const positions = () => log.positions();

  it('when several batches are appended without waiting for each other, then every one is written, in the order they were asked for', async () => {
    const store = new LogStore(log.db);
    const batches = [1, 4, 7, 10, 13].map((first) => [first, first + 1, first + 2].map((position) => pendingRecord(position)));
    await Promise.all(batches.map((batch) => store.append(batch)));
    expect(await positions()).to.deep.equal(Array.from({ length: 15 }, (_, i) => i + 1));
  });

  it('when a batch does not start right after the log\'s last record, then it writes nothing and fails, saying where the log was expected to end', async () => {
    const store = new LogStore(log.db);
    await store.append([pendingRecord(1), pendingRecord(2)]);
    const failure = await store.append([pendingRecord(5), pendingRecord(6)]).then(() => undefined, (error: Error) => error);
    expect(failure?.message).to.equal('the log does not end at position 4, which this batch follows (a write before it failed), so none of the batch was written');
    expect(await positions()).to.deep.equal([1, 2]);
  });

  it('when a batch is refused, then no batch asked for behind it is written, sent already or not, until the store is told to resume', async () => {
    for (const statement of REFUSE_MARKED_RECORDS) await log.db.raw(statement);
    const store = new LogStore(log.db);
    const refused = pendingRecord(1, 'refuse-this-write');
    const sent = [store.append([refused]), store.append([pendingRecord(2)]), store.append([pendingRecord(3), pendingRecord(4)])];
    const reasons = (await Promise.allSettled(sent)).map((outcome) => (outcome.status === 'rejected' ? String(outcome.reason.message) : 'written'));
    expect(reasons[0]).to.include('refused by the test');
    // On PGlite the two were sent at once and wrote nothing; on a server they were never sent.
    const notWritten = (after: number) => [`the log does not end at position ${after}, which this batch follows (a write before it failed), so none of the batch was written`, EARLIER];
    expect(reasons[1]).to.be.oneOf(notWritten(1));
    expect(reasons[2]).to.be.oneOf(notWritten(2));
    expect(await store.append([pendingRecord(1)]).then(() => 'written', (error: Error) => error.message)).to.equal(EARLIER);
    expect(await positions()).to.deep.equal([]);
    store.resume();
    await store.append([pendingRecord(1), pendingRecord(2)]);
    expect(await positions()).to.deep.equal([1, 2]);
  });
});

// Only in the suite's pass against a PostgreSQL server (.ci/run runs it; `npm test` alone runs on PGlite).
if (process.env.DATABASE_URL) {
  describe('engine log store on a PostgreSQL server: the connection the appends are sent on', () => {
    const log = logDatabasePerTest();
    const positions = () => log.positions();
    const pool = () => (log.db.client as { pool: Pool }).pool;

    it('when the appends asked for have finished, then their connection is back in the pool', async () => {
      const store = new LogStore(log.db);
      await Promise.all([1, 2, 3].map((position) => store.append([pendingRecord(position)])));
      expect(pool().numUsed()).to.equal(0);
      expect(await positions()).to.deep.equal([1, 2, 3]);
    });

    it('when the server ends the session of an append on its way, then that append fails with the server\'s reason, the one behind it is not sent, and after resume the next is written on a new connection', async () => {
      const store = new LogStore(log.db);
      await store.append([pendingRecord(1)]);
      // Another session locks the table, so the next append waits inside the server, where it is ended.
      const blocker = await log.db.transaction();
      try {
        await blocker.raw('lock table engine_records in access exclusive mode');
        const cut = store.append([pendingRecord(2)]).then(() => 'written', (error: Error) => error.message);
        const behind = store.append([pendingRecord(3)]).then(() => 'written', (error: Error) => error.message);
        let ended = 0;
        while (ended === 0) {
          const waiting = await log.db.raw("select pg_terminate_backend(l.pid) as ended from pg_locks l where l.relation = 'engine_records'::regclass and not l.granted");
          ended = waiting.rows.filter((row: { ended: boolean }) => row.ended).length;
        }
        expect(await cut).to.match(/terminat/i);
        expect(await behind).to.equal(EARLIER);
      } finally {
        await blocker.commit();
      }
      store.resume();
      await store.append([pendingRecord(2)]);
      expect(await positions()).to.deep.equal([1, 2]);
      expect(pool().numUsed()).to.equal(0);
    });
  });
}

describe('engine log store: snapshots', () => {
  let t: TestEngine;
  beforeEach(async () => (t = await startTestEngine()));
  afterEach(() => t.stop());

  it('when a snapshot of many parts is saved in several statements, then its parts read back equal and in order (over several reads), and only the newest two snapshots are kept', async () => {
    const store = new LogStore(t.db, { snapshotCharsPerStatement: 100 }); // on a server, three of these parts (~40 characters each) per statement
    const parts = Array.from({ length: 150 }, (_, i) => JSON.stringify({ part: i, text: 'a,b "c" \\ 云长' }));
    await store.saveSnapshot(100, ['{"old":1}'], 0);
    await store.saveSnapshot(200, parts.slice(0, 2), 0);
    await store.saveSnapshot(300, parts, 0);
    await store.saveSnapshot(300, ['{"again":true}'], 0); // the same position again: kept as it was

    expect(await store.latestSnapshot()).to.deep.equal({ position: 300, parts });
    const kept = (await t.db.raw('select distinct position::int as position from engine_snapshots order by position')).rows;
    expect(kept.map((row: { position: number }) => row.position)).to.deep.equal([200, 300]);
  });
});

// On embedded PGlite whatever DATABASE_URL says: the checkpoint is PGlite's alone (a server checkpoints by itself).
describe('engine log store on embedded PGlite: checkpoints', () => {
  it('when a snapshot is saved, then PGlite checkpoints, so a restart after a kill redoes no write-ahead log from before it', async () => {
    const db = openDatabase({ pglite: new PGlite() });
    try {
      await migrate(db);
      await db.raw('create table written_before (note text)');
      await db.raw("insert into written_before values ('some write-ahead log')");
      const before = await redoPoint(db);
      await new LogStore(db).saveSnapshot(1, ['{}'], 0);
      const after = await redoPoint(db);
      expect(after).to.not.equal(before);
      expect(await redoPoint(db)).to.equal(after); // and nothing else moves it
    } finally {
      await db.destroy();
    }
  });

  it('when the records appended since the last checkpoint reach the limit, then the next append checkpoints first, and not before', async () => {
    const db = openDatabase({ pglite: new PGlite() });
    try {
      await migrate(db);
      const store = new LogStore(db, { pgliteCheckpointRecords: 5 });
      let position = 0;
      const appendRecords = (count: number) => store.append(Array.from({ length: count }, () => pendingRecord(++position)));
      await store.saveSnapshot(1, ['{}'], 0); // a known starting point: the counter starts again at a snapshot
      const start = await redoPoint(db);
      await appendRecords(3);
      await appendRecords(2); // 5 now: the limit is reached, but the checkpoint waits for the next append
      expect(await redoPoint(db)).to.equal(start);
      await appendRecords(1);
      const moved = await redoPoint(db);
      expect(moved).to.not.equal(start);
      await appendRecords(3); // 4 since that checkpoint (the one of the batch that took it counts)
      expect(await redoPoint(db)).to.equal(moved);
      expect(await lastPosition(db)).to.equal(9);
    } finally {
      await db.destroy();
    }
  });
});

/** knex's connection pool (tarn), as far as these tests look into it. */
interface Pool {
  numPendingAcquires(): number;
  numUsed(): number;
}

/** Where a restart after a kill would begin redoing write-ahead log: moves at each checkpoint. */
async function redoPoint(db: Knex): Promise<string> {
  return (await db.raw('select redo_lsn::text as lsn from pg_control_checkpoint()')).rows[0].lsn as string;
}

/** A record for the store alone: nothing reads its hash here, so it need not continue a chain. */
function pendingRecord(position: number, note = `record ${position}`): PendingRecord {
  const value = { note };
  return {
    record: { position, sourceRecordPosition: -1, key: String(position), timestamp: 0, recordType: 'EVENT', valueType: 'MESSAGE', intent: 'PUBLISHED', rejectionType: 'NULL_VAL', rejectionReason: '', partitionId: 1, value },
    valueJson: JSON.stringify(value),
    salt: '0'.repeat(32),
    hash: '0'.repeat(64),
  };
}

describe('engine log hash: the record header', () => {
  // docs/audit-trail.md: the header is the JSON array of these fields in this order; an offline verifier
  // written from that text must compute the same bytes as the engine.
  const headers = [
    { position: 1, sourceRecordPosition: -1, key: '2251799813685249', timestamp: 1764700000000, recordType: 'COMMAND', valueType: 'JOB', intent: 'COMPLETE', rejectionType: 'NULL_VAL', rejectionReason: '' },
    { position: 9007199254740991, sourceRecordPosition: 12, key: '-1', timestamp: 0, recordType: 'COMMAND_REJECTION', valueType: 'PROCESS_INSTANCE_CREATION', intent: 'CREATE', rejectionType: 'NOT_FOUND', rejectionReason: 'no "process", \\ 云长 \u001e\n' },
    { position: 3, sourceRecordPosition: 2, key: 'not-a-number "x"', timestamp: 5, recordType: 'EVENT', valueType: 'MESSAGE', intent: 'PUBLISHED', rejectionType: 'NULL_VAL', rejectionReason: '' },
  ] as const;

  for (const h of headers) {
    it(`when the record type is ${h.recordType} at position ${h.position}, then its header is the JSON array of its fields in the documented order`, () => {
      const documented = JSON.stringify([h.position, h.sourceRecordPosition, h.key, h.timestamp, h.recordType, h.valueType, h.intent, h.rejectionType, h.rejectionReason]);
      expect(recordHeader(h)).to.equal(documented);
    });
  }
});
