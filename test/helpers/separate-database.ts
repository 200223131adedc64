import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { openDatabase } from '../../src/db';

let counter = 0;

/**
 * A database of its own for one child process: a PGlite data directory, or with DATABASE_URL a fresh schema
 * on the server (every connection's search_path set to it). `env` is what the child is started with; `open`
 * reads it from the test once the child has stopped (a PGlite directory has one owner at a time).
 */
export interface SeparateDatabase {
  dataDir: string;
  env: { DATA_DIR: string; DATABASE_URL: string };
  /** On the server: the URL (with its search_path) and the schema, for pg_dump. */
  server?: { url: string; schema: string };
  open(): Knex;
  drop(): Promise<void>;
}

export async function separateDatabase(name: string): Promise<SeparateDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `govit-${name}-`));
  const server = process.env.DATABASE_URL;
  if (!server) {
    return {
      dataDir,
      env: { DATA_DIR: dataDir, DATABASE_URL: '' },
      open: () => openDatabase({ dataDir }),
      drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const schema = `${name.replace(/\W/g, '_')}_${process.pid}_${Date.now()}_${counter++}`;
  const admin = openDatabase({ databaseUrl: server });
  await admin.raw(`create schema ${schema}`);
  await admin.destroy();
  const url = `${server}${server.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`;
  return {
    dataDir,
    env: { DATA_DIR: dataDir, DATABASE_URL: url },
    server: { url, schema },
    open: () => openDatabase({ databaseUrl: url }),
    drop: async () => {
      const db = openDatabase({ databaseUrl: server });
      await db.raw(`drop schema ${schema} cascade`);
      await db.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
