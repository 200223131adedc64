// Runs the embedded engine in its own child process, as `node --import tsx src/engine-main.ts`, so the
// child pid is the node process itself and its RSS can be read from /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const READY_LINE = 'Zeebe gateway listening on';
/** As `npm run engine` and the Docker image start it (package.json), so the bench measures what users run. */
const ENGINE_NODE_FLAG = '--max-semi-space-size=64';
const REPOSITORY_ROOT = join(__dirname, '..');

export interface EngineProcessOptions {
  port: number;
  dataDir: string;
  databaseUrl?: string;
  logFile: string;
  startTimeoutMs: number;
  /** Extra environment for the engine, e.g. ZEEBE_CLOCK_CONTROL / ZEEBE_CLOCK_PORT. */
  env?: Record<string, string>;
  /** Another entry point (default src/engine-main.ts), e.g. src/main.ts for the whole application. */
  script?: string;
  /** Node flags added for this run, e.g. --cpu-prof (BENCH_ENGINE_NODE_ARGS). */
  nodeArgs?: string[];
  /** What the entry point prints once it serves (default the gateway's line). */
  readyLine?: string;
}

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export class EngineProcess {
  private child: ChildProcess | undefined;
  private log: WriteStream | undefined;
  private exited: Promise<number | null> | undefined;
  private stderrTail: string[] = [];
  /** Lines from stderr, counted so the bench can report engine warnings/errors. */
  stderrLines = 0;
  startupMs = Number.NaN;
  /** Set when the engine exits without the bench asking it to (crash, or a signal from elsewhere). */
  unexpectedExit: string | undefined;
  private stopping = false;
  private stdoutTail: string[] = [];

  constructor(private readonly options: EngineProcessOptions) {}

  get pid(): number {
    if (!this.child?.pid) throw new Error('Expected the engine process to be running, but it is not');
    return this.child.pid;
  }

  get recentStderr(): string[] {
    return [...this.stderrTail];
  }

  async start(): Promise<void> {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...this.options.env,
      ZEEBE_PORT: String(this.options.port),
      DATA_DIR: this.options.dataDir,
    };
    // The PGlite run must not inherit a server URL from the bench's own environment.
    if (this.options.databaseUrl) env.DATABASE_URL = this.options.databaseUrl;
    else delete env.DATABASE_URL;

    // start() may follow stop() or kill(): a restart on the same data, appending to the same log file.
    this.stopping = false;
    this.unexpectedExit = undefined;
    this.stdoutTail = [];
    this.stderrTail = [];
    const started = performance.now();
    const log = (this.log = createWriteStream(this.options.logFile, { flags: 'a' }));
    const script = this.options.script ?? 'src/engine-main.ts';
    const nodeArgs = [ENGINE_NODE_FLAG, ...(this.options.nodeArgs ?? [])];
    const child = (this.child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], {
      cwd: REPOSITORY_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    }));
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        if (!this.stopping) {
          this.unexpectedExit = `engine exited on its own (code ${code}, signal ${signal}); last output: ${[...this.stdoutTail, ...this.stderrTail].slice(-5).join(' | ')}`;
        }
        resolve(code ?? (signal ? -1 : null));
      }),
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) this.stdoutTail.push(line);
      if (this.stdoutTail.length > 20) this.stdoutTail.splice(0, this.stdoutTail.length - 20);
    });

    let stderrRest = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      log.write(chunk);
      const lines = (stderrRest + chunk.toString()).split('\n');
      stderrRest = lines.pop() ?? '';
      for (const line of lines) {
        this.stderrLines++;
        this.stderrTail.push(line);
        if (this.stderrTail.length > 20) this.stderrTail.shift();
      }
    });

    const readyLine = this.options.readyLine ?? READY_LINE;
    await new Promise<void>((resolve, reject) => {
      let stdoutRest = '';
      const timeout = setTimeout(() => {
        reject(new Error(`Expected the engine to print "${readyLine}" within ${this.options.startTimeoutMs} ms, but it did not`));
      }, this.options.startTimeoutMs);
      const onExit = (code: number | null) => {
        clearTimeout(timeout);
        reject(new Error(`Expected the engine to start, but it exited with code ${code}:\n${this.stderrTail.join('\n')}`));
      };
      child.once('exit', onExit);
      child.stdout!.on('data', (chunk: Buffer) => {
        log.write(chunk);
        stdoutRest += chunk.toString();
        if (stdoutRest.includes(readyLine)) {
          clearTimeout(timeout);
          child.off('exit', onExit);
          stdoutRest = '';
          resolve();
        } else if (stdoutRest.length > 10_000) {
          stdoutRest = stdoutRest.slice(-1000);
        }
      });
    });
    this.startupMs = performance.now() - started;
  }

  /** SIGKILL (a crash: no snapshot on the way out), then wait for the exit. */
  async kill(): Promise<{ ms: number }> {
    const child = this.child;
    if (!child || !this.exited) return { ms: 0 };
    this.stopping = true;
    const started = performance.now();
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await this.exited;
    await new Promise<void>((resolve) => (this.log ? this.log.end(resolve) : resolve()));
    this.child = undefined;
    return { ms: performance.now() - started };
  }

  /** SIGTERM, then wait for the exit (SIGKILL after the grace period). Returns the exit code and how long it took. */
  async stop(graceMs = 30_000): Promise<{ code: number | null; ms: number; killed: boolean }> {
    const child = this.child;
    if (!child || !this.exited) return { code: null, ms: 0, killed: false };
    this.stopping = true;
    const started = performance.now();
    let killed = false;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, graceMs);
    const code = await this.exited;
    clearTimeout(timer);
    await new Promise<void>((resolve) => (this.log ? this.log.end(resolve) : resolve()));
    this.child = undefined;
    return { code, ms: performance.now() - started, killed };
  }
}
