// A fresh database on the PostgreSQL server for one bench run, created before and dropped after.
import { Client } from 'pg';

export interface ServerDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

function withDatabase(baseUrl: string, database: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function onAdminConnection<T>(baseUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: baseUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Says why, instead, when the server cannot be reached or refuses. `suffix` tells apart several at once. */
export async function createServerDatabase(baseUrl: string, suffix = ''): Promise<ServerDatabase | { unavailable: string }> {
  const name = `bench_${process.pid}${suffix}`;
  try {
    await onAdminConnection(baseUrl, async (client) => {
      await client.query(`DROP DATABASE IF EXISTS ${name}`);
      await client.query(`CREATE DATABASE ${name}`);
    });
  } catch (error) {
    return { unavailable: `cannot use ${baseUrl}: ${(error as Error).message}` };
  }
  return {
    name,
    url: withDatabase(baseUrl, name),
    drop: () => onAdminConnection(baseUrl, async (client) => void (await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))),
  };
}
