import type { Knex } from 'knex';

type Parameters = ReadonlyArray<string | number | Buffer | ReadonlyArray<string>>;

/** The part of node-pg's Client that the appender uses (knex's pool hands out such clients on a server). */
interface PgConnection {
  query(config: { name: string; text: string; values: Parameters }): Promise<{ rowCount: number | null }>;
}

interface PoolClient {
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(connection: PgConnection): Promise<void>;
}

/** The name each statement is prepared under, on every connection that sends it (node-pg keeps one per name). */
const statementNames = new Map<string, string>();

/**
 * Sends the log's INSERTs to a PostgreSQL server one after another, each once the one before has finished, on
 * one connection of knex's pool, as a named prepared statement.
 *
 * Through knex every batch was planned again by the server, and knex spent more on the way than the statement
 * itself needs (binding placeholders by regular expression, the pool's bookkeeping, a promise chain per
 * query): at an offered 250 instances/s, a batch holds one command, so that was paid twice per instance. Here
 * node-pg parses the statement once per connection and afterwards sends only Bind and Execute.
 *
 * The connection is held while appends follow each other and given back to the pool as soon as none is left,
 * so an engine that stops, or is abandoned as a test abandons one to simulate a crash, keeps no connection
 * from the rest of the application. After a failed append the connection is given back at once (knex's pool
 * drops one that broke) and the next append asks the pool for one.
 */
export class ServerAppender {
  private tail: Promise<unknown> = Promise.resolve();
  private unfinished = 0;
  private connection?: Promise<PgConnection>;

  /** `refusal` is asked just before each append is sent: a text refuses it unsent, with that message. */
  constructor(
    private readonly db: Knex,
    private readonly refusal: () => string | undefined,
  ) {}

  /** Runs `sql` ($1, $2, … placeholders) after every append asked for before, and resolves with the rows it wrote. */
  append(sql: string, parameters: Parameters): Promise<number> {
    this.unfinished++;
    const appending = this.tail
      .then(() => this.send(sql, parameters))
      .finally(() => {
        if (--this.unfinished === 0) this.giveBack();
      });
    this.tail = appending.catch(() => undefined);
    return appending;
  }

  private async send(sql: string, parameters: Parameters): Promise<number> {
    const refused = this.refusal();
    if (refused !== undefined) throw new Error(refused);
    try {
      this.connection ??= this.client.acquireConnection();
      const name = statementNames.get(sql) ?? statementNames.set(sql, `engine_append_${statementNames.size + 1}`).get(sql)!;
      const result = await (await this.connection).query({ name, text: sql, values: parameters });
      return result.rowCount ?? 0;
    } catch (error) {
      this.giveBack();
      throw error;
    }
  }

  private giveBack(): void {
    const connection = this.connection;
    this.connection = undefined;
    void connection?.then((held) => this.client.releaseConnection(held)).catch(() => undefined);
  }

  private get client(): PoolClient {
    return this.db.client as PoolClient;
  }
}
