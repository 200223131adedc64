import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import type { ZBClient } from 'zeebe-node';
import { openDatabase } from '../../../src/db';
import { LogStore } from '../../../src/engine/log/log-store';
import { recoverState } from '../../../src/engine/recovery';
import { canonicalState } from '../../../src/engine/state/compare';
import { bpmnXml, chain, end, serviceTask, start } from '../../helpers/bpmn';
import { isolatedClient } from './clients';
import { differences, readLogRows, type LogRow } from './log-audit';
import { verifyLog } from '../../../src/engine/log/verify-log';

/**
 * The engine as its own process, killed with SIGKILL at random moments while workers use it and restarted
 * on the same data. What a caller was told is durable must stay so: every acknowledged instance completes
 * exactly once, every acknowledged job completion is in the log exactly once, and the log stays one
 * unbroken hash chain. Real time is unavoidable here (starting and killing a process); every wait polls
 * with short intervals under a generous deadline. CRASH_SEED=<n> repeats the kill moments.
 */
const REPO = path.resolve(__dirname, '..', '..', '..');
const SEED = Number(process.env.CRASH_SEED ?? 20_260_101);
const INSTANCES = 60;
const TASKS = ['first', 'second', 'third'];
const JOB_TIMEOUT_MS = 2_000;
/** How long a worker waits for an answer to ActivateJobs (asking for 300 ms of long polling) before it asks again. */
const EMPTY_POLL_MS = 1_000;
const READY_DEADLINE_MS = 60_000;
const PROGRESS_DEADLINE_MS = 30_000;

const PROCESS_XML = bpmnXml(
  'crash',
  start(),
  ...TASKS.map((type) => serviceTask(type, type)),
  end(),
  ...chain('start', ...TASKS, 'end'),
);

// ---------------------------------------------------------------------------------------------------------
// The engine process

interface EngineProcess {
  child: ChildProcess;
  output: string[];
  exited: Promise<number | string | null>;
}

/** Starts `src/engine-main.ts` and resolves once it says it is listening; fails with its output otherwise. */
function spawnEngine(env: NodeJS.ProcessEnv): Promise<EngineProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/engine-main.ts'], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const exited = new Promise<number | string | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Expected the engine to listen within ${READY_DEADLINE_MS} ms, but it did not. Its output:\n${output.join('')}`));
    }, READY_DEADLINE_MS);
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.join('').includes('Zeebe gateway listening on')) {
        clearTimeout(deadline);
        resolve({ child, output, exited });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    void exited.then((status) => {
      clearTimeout(deadline);
      reject(new Error(`Expected the engine to start, but it exited (${status}). Its output:\n${output.join('')}`));
    });
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** Where the engine keeps its log: a PGlite directory, or a database of its own on the server. */
interface Storage {
  env: NodeJS.ProcessEnv;
  describe: string;
  /** Opens the log for reading; for PGlite only while the engine is down. */
  open(): Knex;
  remove(): Promise<void>;
}

let databaseCounter = 0;

async function createStorage(): Promise<Storage> {
  const url = process.env.DATABASE_URL;
  const base: NodeJS.ProcessEnv = { ...process.env };
  delete base.DATABASE_URL;
  delete base.ZEEBE_ADDRESS;
  if (!url) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-crash-'));
    return {
      env: { ...base, DATA_DIR: dataDir },
      describe: `PGlite in ${dataDir}`,
      open: () => openDatabase({ dataDir }),
      remove: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `crash_${process.pid}_${databaseCounter++}`;
  const admin = openDatabase({ databaseUrl: url });
  await admin.raw(`create database ${name}`);
  await admin.destroy();
  const own = new URL(url);
  own.pathname = `/${name}`;
  return {
    env: { ...base, DATA_DIR: path.join(os.tmpdir(), 'engine-crash-unused'), DATABASE_URL: own.toString() },
    describe: `database ${name} on the server`,
    open: () => openDatabase({ databaseUrl: own.toString() }),
    remove: async () => {
      const cleaner = openDatabase({ databaseUrl: url });
      await cleaner.raw(`drop database if exists ${name} with (force)`);
      await cleaner.destroy();
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// The callers: what they were told, exactly

/** Mulberry32: the kill moments follow from the seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** zeebe-node's activateJobs never settles when the answer holds no jobs; give up on it after a while. */
function orNothing<T>(promise: Promise<T[]>, ms: number): Promise<T[]> {
  let timer: NodeJS.Timeout;
  const nothing = new Promise<T[]>((resolve) => (timer = setTimeout(() => resolve([]), ms)));
  return Promise.race([promise.catch(() => [] as T[]), nothing]).finally(() => clearTimeout(timer));
}

class Callers {
  client: ZBClient;
  readonly ackedInstances = new Set<string>();
  /** Job key → the instance it belongs to, for every completeJob that was answered OK. */
  readonly ackedJobs = new Map<string, string>();
  failedCalls = 0;
  lastActivationAt = Date.now();
  private stopped = false;
  private readonly loops: Promise<void>[] = [];

  constructor(private address: string) {
    this.client = isolatedClient(address);
  }

  get progress(): number {
    return this.ackedInstances.size + this.ackedJobs.size;
  }

  get creating(): boolean {
    return this.ackedInstances.size < INSTANCES;
  }

  start(): void {
    for (let i = 0; i < 4; i++) this.loops.push(this.create());
    for (const type of TASKS) this.loops.push(this.work(type));
  }

  /** After a restart: a new client, as a process that lost its connection would reconnect. */
  async reconnect(): Promise<void> {
    const old = this.client;
    this.client = isolatedClient(this.address);
    this.lastActivationAt = Date.now();
    await old.close().catch(() => undefined);
  }

  /**
   * Done when every instance was created and no job was handed out for a while: long enough for jobs that
   * were out when the engine died to time out and be handed out again, and for a worker's empty poll.
   */
  get idle(): boolean {
    return !this.creating && Date.now() - this.lastActivationAt > JOB_TIMEOUT_MS + EMPTY_POLL_MS + 2_000;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await Promise.all(this.loops);
    await this.client.close().catch(() => undefined);
  }

  private async create(): Promise<void> {
    while (!this.stopped && this.creating) {
      try {
        const created = await this.client.createProcessInstance({ bpmnProcessId: 'crash', variables: {} });
        this.ackedInstances.add(created.processInstanceKey);
      } catch {
        // Not acknowledged: it may or may not have been written. Ask again (that may make one more instance).
        this.failedCalls += 1;
        await pause(50);
      }
    }
  }

  private async work(type: string): Promise<void> {
    while (!this.stopped) {
      const jobs = await orNothing(
        this.client.activateJobs({ type, worker: `crash-${type}`, maxJobsToActivate: 8, timeout: JOB_TIMEOUT_MS, requestTimeout: 300 }),
        EMPTY_POLL_MS,
      );
      if (jobs.length === 0) {
        await pause(20);
        continue;
      }
      this.lastActivationAt = Date.now();
      await Promise.all(
        jobs.map(async (job) => {
          try {
            await this.client.completeJob({ jobKey: job.key, variables: { [`${type}Done`]: true } });
            this.ackedJobs.set(job.key, job.processInstanceKey);
          } catch {
            this.failedCalls += 1;
          }
        }),
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Checking the log

function count(rows: LogRow[], match: (row: LogRow) => boolean): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) if (match(row)) counts.set(row.key, (counts.get(row.key) ?? 0) + 1);
  return counts;
}

const isEvent = (valueType: string, intent: string) => (row: LogRow) =>
  row.record_type === 'EVENT' && row.value_type === valueType && row.intent === intent;
const isProcessEvent = (intent: string) => (row: LogRow) =>
  isEvent('PROCESS_INSTANCE', intent)(row) && JSON.parse(row.value).bpmnElementType === 'PROCESS';

function notExactlyOnce(keys: Iterable<string>, counts: Map<string, number>): string[] {
  return [...keys].filter((key) => counts.get(key) !== 1).map((key) => `${key} (${counts.get(key) ?? 0} times)`);
}

function moreThanOnce(counts: Map<string, number>): string[] {
  return [...counts].filter(([, n]) => n > 1).map(([key, n]) => `${key} (${n} times)`);
}

function listed(items: string[], limit = 8): string {
  return `${items.length}: ${items.slice(0, limit).join(', ')}${items.length > limit ? ', …' : ''}`;
}

async function checkLog(db: Knex, callers: Callers): Promise<string[]> {
  const problems: string[] = [];
  const rows = await readLogRows(db);
  problems.push(...(await verifyLog(db)).problems);

  const processCompleted = count(rows, isProcessEvent('ELEMENT_COMPLETED'));
  const processActivating = count(rows, isProcessEvent('ELEMENT_ACTIVATING'));
  const jobCompleted = count(rows, isEvent('JOB', 'COMPLETED'));

  const unfinished = notExactlyOnce(callers.ackedInstances, processCompleted);
  if (unfinished.length > 0) problems.push(`Expected every acknowledged instance to complete exactly once, but not ${listed(unfinished)}`);
  const recreated = notExactlyOnce(callers.ackedInstances, processActivating);
  if (recreated.length > 0) problems.push(`Expected every acknowledged instance to be created exactly once, but not ${listed(recreated)}`);
  const lost = notExactlyOnce(callers.ackedJobs.keys(), jobCompleted);
  if (lost.length > 0) problems.push(`Expected every acknowledged job completion in the log exactly once, but not ${listed(lost)}`);
  const twiceCompleted = moreThanOnce(jobCompleted);
  if (twiceCompleted.length > 0) problems.push(`Expected no job to complete twice, but ${listed(twiceCompleted)}`);
  const twiceFinished = moreThanOnce(processCompleted);
  if (twiceFinished.length > 0) problems.push(`Expected no instance to complete twice, but ${listed(twiceFinished)}`);

  // Every instance that was written, acknowledged or not, was worked to its end: nothing is left in state.
  const store = new LogStore(db);
  const fromLog = await recoverState(store, { useSnapshot: false });
  const left = [...fromLog.elementInstances.values()].filter((i) => i.value.bpmnElementType === 'PROCESS').map((i) => i.key);
  if (left.length > 0) problems.push(`Expected no instance left running in the state replayed from the log, but ${listed(left)}`);
  const fromSnapshot = await recoverState(store);
  const diverged = differences(canonicalState(fromSnapshot), canonicalState(fromLog));
  if (diverged.length > 0) problems.push(`Expected the state from the last snapshot to equal the state replayed from the log, but:\n    ${diverged.join('\n    ')}`);
  return problems;
}

// ---------------------------------------------------------------------------------------------------------

describe('engine durability: crash', function () {
  this.timeout(240_000);

  it('given workers on a running engine, when it is killed at random moments and restarted, then nothing acknowledged is lost or done twice', async () => {
    const rand = random(SEED);
    const kills = 3 + Math.floor(rand() * 3);
    // Kill when this much acknowledged progress (instances created + jobs completed) has been made, so that
    // every kill lands in the middle of the work however fast the machine is.
    const total = INSTANCES * (1 + TASKS.length);
    const thresholds = Array.from({ length: kills }, () => 5 + Math.floor(rand() * (total - 20))).sort((a, b) => a - b);
    const storage = await createStorage();
    const port = await freePort();
    const env = { ...storage.env, ZEEBE_PORT: String(port) };
    const log: string[] = [`seed ${SEED}, ${storage.describe}, port ${port}, kills at progress ${thresholds.join(', ')}`];
    const startedAt = Date.now();
    let engine: EngineProcess | undefined;
    let callers: Callers | undefined;
    try {
      engine = await spawnEngine(env);
      callers = new Callers(`127.0.0.1:${port}`);
      await callers.client.deployResource({ name: 'crash.bpmn', process: Buffer.from(PROCESS_XML) });
      callers.start();

      for (const threshold of thresholds) {
        const waitUntil = Date.now() + PROGRESS_DEADLINE_MS;
        while (callers.progress < threshold && Date.now() < waitUntil) await pause(5);
        await pause(Math.floor(rand() * 30));
        log.push(`kill at progress ${callers.progress}${callers.progress < threshold ? ' (progress stalled)' : ''}, ${Date.now() - startedAt} ms`);
        engine.child.kill('SIGKILL');
        await engine.exited;
        engine = await spawnEngine(env);
        await callers.reconnect();
      }

      // Let the workers finish.
      const giveUpAt = Date.now() + 60_000;
      while (Date.now() < giveUpAt && !callers.idle) await pause(50);
      await callers.stop();
      log.push(
        `acknowledged: ${callers.ackedInstances.size} instances, ${callers.ackedJobs.size} job completions; ${callers.failedCalls} calls failed; ` +
          `${Date.now() - startedAt} ms`,
      );

      engine.child.kill('SIGTERM');
      const status = await Promise.race([engine.exited, pause(20_000).then(() => 'still running')]);
      if (status !== 0) {
        engine.child.kill('SIGKILL');
        throw new Error(`Expected the engine to stop cleanly on SIGTERM, but: ${status}. Its output:\n${engine.output.join('')}`);
      }
      engine = undefined;

      const db = storage.open();
      let problems: string[];
      try {
        problems = await checkLog(db, callers);
      } finally {
        await db.destroy();
      }
      if (process.env.CRASH_VERBOSE) console.log(log.join('\n'));
      expect(problems, `${log.join('\n')}\n${problems.join('\n')}`).to.deep.equal([]);
    } finally {
      await callers?.stop().catch(() => undefined);
      if (engine) {
        engine.child.kill('SIGKILL');
        await engine.exited;
      }
      await storage.remove();
    }
  });
});
