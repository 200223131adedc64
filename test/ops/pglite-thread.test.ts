import path from 'node:path';
import { expect } from 'chai';
import { useTemporaryDirectory } from '../helpers/temp-directory';
import { PGLITE_START_PARAMS, openPgliteDirectory } from '../../src/pglite-directory';
import { PgliteThread } from '../../src/pglite-thread';
import { migrate, openDatabase } from '../../src/db';

describe('the embedded database on its own thread', function () {
  this.timeout(60_000);
  const temporary = useTemporaryDirectory('pglite-thread');
  let root: string;
  beforeEach(() => (root = temporary()));

  it('when values of several types are written and read, then they come back across the thread as PGlite gives them', async () => {
    const db = openPgliteDirectory(path.join(root, 'pglite'));
    try {
      await db.exec('create table typed (big bigint, doc jsonb, bytes bytea, at timestamptz, note text)');
      await db.query('insert into typed values ($1, $2, $3, $4, $5)', ['9007199254740993', { a: [1, '云长'] }, new Uint8Array([0, 255]), new Date('2026-12-03T10:00:00Z'), "it's"]);
      const row = (await db.query<any>('select big::text as big, doc, bytes, at, note from typed')).rows[0];
      expect(row.big).to.equal('9007199254740993');
      expect(row.doc).to.deep.equal({ a: [1, '云长'] });
      expect([...row.bytes]).to.deep.equal([0, 255]);
      expect(row.at.toISOString()).to.equal('2026-12-03T10:00:00.000Z');
      expect(row.note).to.equal("it's");
    } finally {
      await db.close();
    }
  });

  it('when a statement fails, then the error keeps its message and PostgreSQL fields, and the database goes on', async () => {
    const db = openPgliteDirectory(path.join(root, 'pglite'));
    try {
      await db.exec('create table unique_names (name text primary key)');
      await db.query("insert into unique_names values ('a')");
      const error = await db.query("insert into unique_names values ('a')").then(
        () => undefined,
        (failure: Error & { code?: string; constraint?: string }) => failure,
      );
      expect(error).to.be.instanceOf(Error);
      expect(error!.message).to.contain('duplicate key value violates unique constraint');
      expect(error!.code).to.equal('23505');
      expect(error!.constraint).to.equal('unique_names_pkey');
      expect((await db.query<{ n: number }>('select count(*)::int as n from unique_names')).rows[0].n).to.equal(1);
    } finally {
      await db.close();
    }
  });

  it('when knex runs a transaction that is rolled back, then nothing of it stays, through the thread as on PGlite itself', async () => {
    const knex = openDatabase({ dataDir: root });
    try {
      await migrate(knex);
      await knex.raw('create table kept (note text)');
      await knex
        .transaction(async (trx) => {
          await trx.raw("insert into kept values ('rolled back')");
          throw new Error('undo');
        })
        .catch(() => undefined);
      await knex.raw("insert into kept values ('committed')");
      expect((await knex.raw('select note from kept')).rows).to.deep.equal([{ note: 'committed' }]);
    } finally {
      await knex.destroy();
    }
  });

  it('when the database has been closed, then a further call says so instead of waiting for ever', async () => {
    await openPgliteDirectory(path.join(root, 'pglite')).close(); // creates the directory
    const thread = new PgliteThread(path.join(root, 'pglite'), PGLITE_START_PARAMS);
    await thread.waitReady;
    await thread.close();
    await thread.query('select 1').then(
      () => expect.fail('expected the call to be refused'),
      (error: Error) => expect(error.message).to.match(/^Expected the embedded database to be open, but its thread has ended/),
    );
  });
});
