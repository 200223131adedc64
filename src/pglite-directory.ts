import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PgliteThread, asPglite } from './pglite-thread';

/** Where PGlite keeps its files inside DATA_DIR. */
export function pgliteDirectory(dataDir: string): string {
  return path.resolve(dataDir, 'pglite');
}

/**
 * PGlite's own start parameters plus `wal_init_zero=off`. PostgreSQL fills each new 16 MB write-ahead log
 * file with zeros; in single-user PGlite that happens inside whichever commit needs the file, and nothing
 * else commits meanwhile. At 250 instances/s (6,000 records/s) that was a 50-65 ms stall every ~4 s, most
 * of the p99 (45 against 74-197 ms, same session). Without it PostgreSQL writes only the file's last byte:
 * the log is the same, a full disk shows up when a record is written rather than when the file is made.
 *
 * And `shared_buffers=64MB` instead of PostgreSQL's 128 MB: the buffers live in PGlite's WebAssembly memory, in
 * the engine's RSS once used, and the engine's log is written once and read back only at a restart. With
 * 100,000 waiting instances: 961 against 997 MB RSS, 801 against 876 MB after a restart; one-task rates the
 * same within the noise (1,082 and 1,041 against 1,014 and 1,062 instances/s, alternating runs).
 */
export const PGLITE_START_PARAMS: readonly string[] = [...PGlite.defaultStartParams, '-c', 'wal_init_zero=off', '-c', 'shared_buffers=64MB'];

/**
 * Opens the PGlite database in `dir` on a thread of its own (see PgliteThread), creating it first if the
 * directory is missing or empty. Creation runs `initdb` in a child process: in this one it leaves about
 * 500 MB of WebAssembly memory that stays in the process's RSS (measured: 903 MB after the first start of
 * the engine, 402 MB after a restart on the same files). It blocks for a few seconds, once per data
 * directory, before anything else runs.
 */
export function openPgliteDirectory(dir: string): PGlite {
  if (!fs.existsSync(dir) || fs.readdirSync(dir).length === 0) createInChildProcess(dir);
  return asPglite(new PgliteThread(dir, PGLITE_START_PARAMS));
}

// Plain CommonJS for a plain `node -e`: the child needs neither tsx nor the parent's flags.
const CREATE_SCRIPT = `
const [modulePath, dir, params] = process.argv.slice(1);
const { PGlite } = require(modulePath);
PGlite.create(dir, { startParams: JSON.parse(params) })
  .then((db) => db.close())
  .catch((error) => { console.error(error && error.stack ? error.stack : String(error)); process.exit(1); });
`;

/**
 * Builds the database in a sibling directory and renames it into place, so that a start interrupted half-way
 * leaves no half-made database behind for the next start to trust.
 */
function createInChildProcess(dir: string): void {
  const building = `${dir}.creating-${process.pid}`;
  try {
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    fs.rmSync(building, { recursive: true, force: true });
    const child = spawnSync(process.execPath, ['-e', CREATE_SCRIPT, require.resolve('@electric-sql/pglite'), building, JSON.stringify(PGLITE_START_PARAMS)], {
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    if (child.error) throw child.error;
    if (child.status !== 0) throw new Error(child.stderr.trim().split('\n').slice(-3).join(' | ') || `exit code ${child.status}`);
    if (fs.existsSync(dir)) fs.rmdirSync(dir);
    fs.renameSync(building, dir);
  } catch (error) {
    try {
      fs.rmSync(building, { recursive: true, force: true });
    } catch {
      // Nothing was made where nothing could be made (the parent is not a directory, say).
    }
    throw new Error(`Expected to create the embedded database in ${dir}, but ${(error as Error).message}; check that DATA_DIR is writable and has space`);
  }
}
