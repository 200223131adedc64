import type { Knex } from 'knex';
import type { PGlite } from '@electric-sql/pglite';

/** The PGlite instances on which the append statement has been prepared (it lives as long as the instance). */
const prepared = new WeakSet<PGlite>();
const NAME = 'engine_append';

/**
 * Runs the log's INSERT on embedded PGlite as a prepared statement, through PGlite's simple query protocol.
 * Through knex every append is parsed and planned again, and sent with the extended protocol, all of it
 * inside the WebAssembly PostgreSQL. Measured in one process, alternating: 0.65 against 1.04 ms of CPU for a
 * 12-record append (a small batch, as at low load), 3.5 against 3.9 ms for 100 records. The single
 * connection is taken from knex's pool, so the append never lands inside another caller's transaction.
 *
 * `sql` uses $1, $2, … placeholders; each parameter is a text or a list of texts, sent as literals. Returns
 * false, having done nothing, when a text holds a NUL character, which a literal cannot carry: the caller
 * then sends the batch with parameters.
 */
export async function appendPrepared(db: Knex, sql: string, parameters: ReadonlyArray<string | ReadonlyArray<string | number>>): Promise<boolean> {
  const literals: string[] = [];
  for (const parameter of parameters) {
    const literal = typeof parameter === 'string' ? textLiteral(parameter) : `array[${parameter.map((text) => textLiteral(String(text))).join(',')}]::text[]`;
    if (literal.includes('\0')) return false;
    literals.push(literal);
  }
  const client = db.client as { acquireConnection(): Promise<PGlite>; releaseConnection(connection: PGlite): Promise<void> };
  const pglite = await client.acquireConnection();
  try {
    if (!prepared.has(pglite)) {
      await pglite.exec(`prepare ${NAME} as ${sql}`);
      prepared.add(pglite);
    }
    await pglite.exec(`execute ${NAME}(${literals.join(',')})`);
  } finally {
    await client.releaseConnection(pglite);
  }
  return true;
}

/** A standard-conforming string literal (PostgreSQL's default): only the quote itself is doubled. */
function textLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
