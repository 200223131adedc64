import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import { openPgliteDirectory, pgliteDirectory } from './pglite-directory';

import type { PGlite } from '@electric-sql/pglite';

export interface DatabaseConfig {
  /** postgres://… of a PostgreSQL server; when absent, embedded PGlite is used. */
  databaseUrl?: string;
  /** Directory for PGlite's files; when absent (and no databaseUrl) the database lives in memory. */
  dataDir?: string;
  /** An already created PGlite instance to use (tests start them from a prepared template). */
  pglite?: PGlite;
}

/**
 * Opens the database: a PostgreSQL server when DATABASE_URL is given, otherwise embedded PGlite
 * (nothing to install). Both speak the same SQL, so every query in the project runs on either.
 */
export function openDatabase(config: DatabaseConfig): Knex {
  if (config.databaseUrl) {
    return knexFactory({ client: 'pg', connection: config.databaseUrl, pool: { min: 1, max: 10 } });
  }
  // Neither an instance nor a directory: knex-pglite makes an in-memory database.
  const pglite = config.pglite ?? (config.dataDir ? openPgliteDirectory(pgliteDirectory(config.dataDir)) : undefined);
  const connection = pglite ? () => ({ pglite }) : {};
  return knexFactory({ client: ClientPgLite as unknown as typeof Knex.Client, dialect: 'postgres', connection });
}

/** True for embedded PGlite, whose database runs inside this process and restarts with it. */
export function isEmbeddedDatabase(db: Knex): boolean {
  return db.client instanceof (ClientPgLite as unknown as typeof Knex.Client);
}

const MIGRATIONS = { directory: path.resolve(__dirname, '..', 'migrations'), loadExtensions: ['.ts'] };

/** Applies the knex migrations in ./migrations; run on every start, a no-op when up to date. */
export async function migrate(db: Knex): Promise<void> {
  await db.migrate.latest(MIGRATIONS);
}

/** Migrations in ./migrations the database has not had yet (none after a start: readiness checks it stays so). */
export async function pendingMigrations(db: Knex): Promise<string[]> {
  const [, pending] = (await db.migrate.list(MIGRATIONS)) as [unknown[], Array<{ file: string }>];
  return pending.map((migration) => migration.file);
}
