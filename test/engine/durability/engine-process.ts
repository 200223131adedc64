import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { openDatabase } from '../../../src/db';

/**
 * The engine as its own process (`src/engine-main.ts`) on a log of its own, for tests that kill it with
 * SIGKILL and start it again on the same data. It runs on the system clock: clock control is never on.
 */
const REPO = path.resolve(__dirname, '..', '..', '..');
const READY_DEADLINE_MS = 60_000;

export interface EngineProcess {
  child: ChildProcess;
  output: string[];
  exited: Promise<number | string | null>;
}

/** Starts `src/engine-main.ts` and resolves once it says it is listening; fails with its output otherwise. */
export function spawnEngine(env: NodeJS.ProcessEnv): Promise<EngineProcess> {
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

/** SIGKILL, as a power cut would: nothing of the engine's shutdown runs. */
export async function killHard(engine: EngineProcess): Promise<void> {
  engine.child.kill('SIGKILL');
  await engine.exited;
}

/** SIGTERM, then waits for a clean exit; throws with the engine's output if it does not exit with 0. */
export async function stopCleanly(engine: EngineProcess): Promise<void> {
  engine.child.kill('SIGTERM');
  const status = await Promise.race([engine.exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 20_000))]);
  if (status !== 0) {
    await killHard(engine);
    throw new Error(`Expected the engine to stop cleanly on SIGTERM, but: ${status}. Its output:\n${engine.output.join('')}`);
  }
}

export async function freePort(): Promise<number> {
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
export interface Storage {
  env: NodeJS.ProcessEnv;
  describe: string;
  /** Opens the log for reading; for PGlite only while the engine is down. */
  open(): Knex;
  remove(): Promise<void>;
}

let databaseCounter = 0;

/** A new, empty log: in a PGlite directory, or, with DATABASE_URL, in a database created for it. */
export async function createStorage(): Promise<Storage> {
  const url = process.env.DATABASE_URL;
  const base: NodeJS.ProcessEnv = { ...process.env };
  delete base.DATABASE_URL;
  delete base.ZEEBE_ADDRESS;
  // The system clock: a controlled clock would let a test move time, and these tests must not.
  delete base.ZEEBE_CLOCK_CONTROL;
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

/** Mulberry32: kill moments follow from a seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
