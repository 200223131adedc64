import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLITE_START_PARAMS, pgliteDirectory } from '../pglite-directory';

/**
 * Writes the embedded database of DATA_DIR (engine log, snapshots and the application's tables) to one
 * gzipped tarball. PGlite has one owner at a time: run it while the application is stopped.
 */
export async function backupPglite(dataDir: string, file: string): Promise<number> {
  const dir = pgliteDirectory(dataDir);
  if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) throw new Error(`Expected an embedded database in ${dir}, but there is none; is DATA_DIR right?`);
  const pglite = await PGlite.create(dir, { startParams: [...PGLITE_START_PARAMS] });
  try {
    const dump = await pglite.dumpDataDir('gzip');
    const bytes = Buffer.from(await dump.arrayBuffer());
    fs.writeFileSync(file, bytes, { mode: 0o600 });
    return bytes.length;
  } finally {
    await pglite.close();
  }
}

/** Unpacks a backup into a DATA_DIR that has no database yet (never over a live one); the signing key is not in it. */
export async function restorePglite(file: string, dataDir: string): Promise<void> {
  const dir = pgliteDirectory(dataDir);
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) throw new Error(`Expected an empty ${dir} to restore into, but it holds a database; restore into a fresh DATA_DIR`);
  fs.mkdirSync(dir, { recursive: true });
  const pglite = await PGlite.create(dir, { startParams: [...PGLITE_START_PARAMS], loadDataDir: new Blob([fs.readFileSync(file)]) });
  await pglite.close();
}
