import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { useTemporaryDirectory } from '../helpers/temp-directory';
import { openPgliteDirectory } from '../../src/pglite-directory';

describe('the embedded database directory (DATA_DIR/pglite)', function () {
  this.timeout(60_000);
  const temporary = useTemporaryDirectory('pglite-dir');
  let root: string;
  beforeEach(() => (root = temporary()));

  it('when the directory is new, then it is created before PGlite opens it, and what is written there is still there after a reopen', async () => {
    const dir = path.join(root, 'data', 'pglite');
    const first = openPgliteDirectory(dir);
    // Created by the child process, complete, before this process's PGlite has even started.
    expect(fs.existsSync(path.join(dir, 'PG_VERSION'))).to.equal(true);
    expect(fs.readdirSync(path.dirname(dir))).to.deep.equal(['pglite']);
    await first.exec('create table kept (note text); insert into kept values (\'written before the reopen\')');
    await first.close();

    const second = openPgliteDirectory(dir);
    try {
      const rows = await second.query<{ note: string }>('select note from kept');
      expect(rows.rows).to.deep.equal([{ note: 'written before the reopen' }]);
    } finally {
      await second.close();
    }
  });

  it('when it opens, then new write-ahead log files are not zero-filled on the writing thread and its shared buffers take 64 MB', async () => {
    const db = openPgliteDirectory(path.join(root, 'pglite'));
    try {
      const setting = await db.query<{ wal_init_zero: string }>('show wal_init_zero');
      expect(setting.rows[0].wal_init_zero).to.equal('off');
      const buffers = await db.query<{ shared_buffers: string }>('show shared_buffers');
      expect(buffers.rows[0].shared_buffers, 'shared buffers live in the engine RSS').to.equal('64MB');
    } finally {
      await db.close();
    }
  });

  it('when the directory cannot be created, then the error names it and says what to check, and nothing is left behind', () => {
    const blocker = path.join(root, 'a-file');
    fs.writeFileSync(blocker, 'not a directory');
    const dir = path.join(blocker, 'pglite');
    expect(() => openPgliteDirectory(dir)).to.throw(`Expected to create the embedded database in ${dir}, but`).with.property('message').that.contains('DATA_DIR is writable');
    expect(fs.readdirSync(root)).to.deep.equal(['a-file']);
  });
});
