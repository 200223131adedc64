import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { PGlite, QueryOptions, Results } from '@electric-sql/pglite';

// Plain CommonJS, evaluated by the worker: it needs neither tsx nor the parent's V8 flags.
const WORKER_SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require(workerData.modulePath);
const db = new PGlite(workerData.dir, { startParams: workerData.startParams });
const run = {
  waitReady: () => db.waitReady,
  query: (sql, params, options) => db.query(sql, params, options),
  exec: (sql, options) => db.exec(sql, options),
  close: () => db.close(),
};
parentPort.on('message', ({ id, method, args }) => {
  run[method](...args).then(
    (result) => parentPort.postMessage({ id, result }),
    (error) => parentPort.postMessage({ id, error: { ...error, message: error && error.message ? error.message : String(error) } }),
  );
});
`;

interface Call {
  resolve: (value: any) => void;
  reject: (error: Error) => void;
}

/**
 * A PGlite database that runs on a worker thread of this process, with the part of PGlite's interface the
 * application uses (knex-pglite's query, close and waitReady; exec). PGlite is PostgreSQL compiled to
 * WebAssembly and runs where it is called: on the engine's thread it took about half of that thread's time
 * at saturation, and every commit, checkpoint or page write stopped the gateway while it ran. On its own
 * thread the database works on the second core while the engine goes on.
 *
 * Rows and errors cross by structured clone; an error keeps its fields (code, detail, …) and message.
 */
export class PgliteThread {
  readonly waitReady: Promise<void>;
  private readonly worker: Worker;
  private readonly calls = new Map<number, Call>();
  private nextId = 0;
  private failure?: Error;

  constructor(dir: string, startParams: readonly string[]) {
    // V8's flags are the process's, and a --max-semi-space-size flag (the engine runs with 64, for its own
    // short-lived records) takes precedence over a worker's resourceLimits: this thread, with some 15 MB of live
    // heap, kept 128 MB of young generation. Cleared before the worker's heap is made, so it gets V8's default;
    // the engine's own heap was sized when the process started and keeps its setting.
    setFlagsFromString('--max-semi-space-size=0');
    this.worker = new Worker(WORKER_SCRIPT, {
      eval: true,
      execArgv: [],
      workerData: { modulePath: require.resolve('@electric-sql/pglite'), dir, startParams: [...startParams] },
    });
    this.worker.unref();
    this.worker.on('message', ({ id, result, error }: { id: number; result?: unknown; error?: { message: string } }) => {
      const call = this.calls.get(id);
      if (!call) return;
      this.calls.delete(id);
      if (this.calls.size === 0) this.worker.unref();
      if (error) call.reject(Object.assign(new Error(error.message), error));
      else call.resolve(result);
    });
    const fail = (error: Error) => {
      this.failure = error;
      for (const call of this.calls.values()) call.reject(error);
      this.calls.clear();
    };
    this.worker.on('error', (error) => fail(new Error(`Expected the embedded database to keep running, but its thread failed: ${error.message}`)));
    this.worker.on('exit', (code) => fail(new Error(`Expected the embedded database to be open, but its thread has ended (exit code ${code})`)));
    this.waitReady = this.call('waitReady', []);
  }

  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
    return this.call('query', [sql, params, options]);
  }

  exec(sql: string, options?: QueryOptions): Promise<Array<Results>> {
    return this.call('exec', [sql, options]);
  }

  async close(): Promise<void> {
    await this.call('close', []);
    await this.worker.terminate();
  }

  /** The thread holds the process open only while a call is on its way, as a socket with a pending request does. */
  private call<T>(method: 'waitReady' | 'query' | 'exec' | 'close', args: unknown[]): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.calls.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ id, method, args });
    });
  }
}

/** The PGlite type the rest of the code (knex-pglite, the prepared append) is written against. */
export function asPglite(thread: PgliteThread): PGlite {
  return thread as unknown as PGlite;
}
