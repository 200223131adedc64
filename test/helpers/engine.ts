import { ZBClient } from 'zeebe-node';
import type { Knex } from 'knex';
import { PGlite } from '@electric-sql/pglite';
import { migrate, openDatabase } from '../../src/db';
import { ManualClock } from '../../src/engine/clock';
import { startEmbeddedEngine, type EmbeddedEngine, type EmbeddedEngineOptions } from '../../src/engine/embedded';

/**
 * An embedded engine for one test file, with a manual clock. It uses in-memory PGlite, or a fresh schema on
 * the PostgreSQL server when DATABASE_URL is set, so the suite runs the same on both.
 */
export interface TestEngine {
  embedded: EmbeddedEngine;
  client: ZBClient;
  clock: ManualClock;
  db: Knex;
  /** Stops the engine (not the database) and starts it again from the log, as after a crash or restart. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

let schemaCounter = 0;

let template: Promise<File | Blob> | undefined;

/**
 * A migrated, empty PGlite database as a data-directory dump, made once per test run: starting PGlite from
 * it is several times faster than initialising a new cluster for every test file.
 */
function pgliteTemplate(): Promise<File | Blob> {
  template ??= (async () => {
    const pglite = new PGlite();
    const db = openDatabase({ pglite });
    await migrate(db);
    const dump = await pglite.dumpDataDir('none');
    await db.destroy();
    return dump;
  })();
  return template;
}

/** A test database: migrated on PGlite, an empty schema on the server; `empty` asks for no tables on both. */
export async function openTestDatabase(options: { empty?: boolean } = {}): Promise<{ db: Knex; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const db = openDatabase({ pglite: options.empty ? new PGlite() : new PGlite({ loadDataDir: await pgliteTemplate() }) });
    return { db, drop: () => db.destroy() };
  }
  const schema = `test_${process.pid}_${Date.now()}_${schemaCounter++}`;
  const admin = openDatabase({ databaseUrl: url });
  await admin.raw(`create schema ${schema}`);
  await admin.destroy();
  const scoped = openScoped(url, schema);
  return {
    db: scoped,
    drop: async () => {
      await scoped.raw(`drop schema ${schema} cascade`);
      await scoped.destroy();
    },
  };
}

/** Every connection of the pool works in the test's own schema, so tests never see each other's tables. */
function openScoped(url: string, schema: string): Knex {
  const separator = url.includes('?') ? '&' : '?';
  return openDatabase({ databaseUrl: `${url}${separator}options=-c%20search_path%3D${schema}` });
}

export interface TestEngineOptions {
  clock?: ManualClock;
  engine?: EmbeddedEngineOptions['engine'];
}

export async function startTestEngine(options: TestEngineOptions = {}): Promise<TestEngine> {
  const clock = options.clock ?? new ManualClock();
  const { db, drop } = await openTestDatabase();
  let embedded = await startEmbeddedEngine({ port: 0, host: '127.0.0.1', clock, db, engine: options.engine });
  const client = newClient(embedded.address);
  const handle: TestEngine = {
    embedded,
    client,
    clock,
    db,
    async restart() {
      await embedded.stop();
      embedded = await startEmbeddedEngine({ port: embedded.gateway.port, host: '127.0.0.1', clock, db, engine: options.engine });
      handle.embedded = embedded;
    },
    async stop() {
      await client.close();
      await embedded.stop();
      await drop();
    },
  };
  return handle;
}

export function newClient(address: string): ZBClient {
  return new ZBClient(address, { useTLS: false, loglevel: 'NONE', retry: false } as any);
}
