import type { Knex } from 'knex';

/**
 * The number of rows a query matches. PostgreSQL returns count(*) as a bigint, which node-postgres gives
 * as a string and PGlite as a number; tests compare numbers either way.
 */
export async function countRows(query: Knex.QueryBuilder): Promise<number> {
  const row = (await query.count('* as n').first()) as { n: string | number } | undefined;
  return Number(row?.n ?? 0);
}
