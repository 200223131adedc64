// Where the bpmn-engine comparison keeps each instance's saved state: one row per instance, as jsonb,
// in PGlite (used directly, in this process) or on the PostgreSQL server (pg pool).
import { PGlite } from '@electric-sql/pglite';
import { Pool } from 'pg';

export interface StateStore {
  readonly description: string;
  /** The instance reached a wait state: its first saved state. */
  insert(instanceId: string, stateJson: string): Promise<void>;
  /** The instance went on (here: ended): overwrite its saved state. */
  update(instanceId: string, stateJson: string): Promise<void>;
  rowCount(): Promise<number>;
  close(): Promise<void>;
}

const TABLE = 'bench_bpmn_engine_state';
const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS ${TABLE} (
  instance_id text PRIMARY KEY,
  state jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
)`;
const INSERT = `INSERT INTO ${TABLE} (instance_id, state) VALUES ($1, $2)`;
const UPDATE = `UPDATE ${TABLE} SET state = $2, updated_at = now() WHERE instance_id = $1`;

export async function openPgliteStore(dataDir: string): Promise<StateStore> {
  const db = await PGlite.create(dataDir);
  await db.exec(CREATE_TABLE);
  return {
    description: `PGlite (in-process, ${dataDir})`,
    insert: async (id, json) => void (await db.query(INSERT, [id, json])),
    update: async (id, json) => void (await db.query(UPDATE, [id, json])),
    rowCount: async () => Number((await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${TABLE}`)).rows[0].n),
    close: () => db.close(),
  };
}

export async function openServerStore(url: string, poolSize: number): Promise<StateStore> {
  const pool = new Pool({ connectionString: url, max: poolSize });
  await pool.query(CREATE_TABLE);
  return {
    description: `PostgreSQL server (pg pool of ${poolSize})`,
    insert: async (id, json) => void (await pool.query(INSERT, [id, json])),
    update: async (id, json) => void (await pool.query(UPDATE, [id, json])),
    rowCount: async () => Number((await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${TABLE}`)).rows[0].n),
    close: () => pool.end(),
  };
}
