import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { deployFolders } from '../../src/deploy-folders';
import { ManualClock } from '../../src/engine/clock';
import { seedDemoData } from '../../src/seed/demo-seed';
import { startWorkers } from '../../src/workers';
import { LoginLimiter } from '../../src/auth/login-limiter';
import { loadTaskForms } from '../../src/tasklist/forms-adapter';
import { startImportWorker } from '../../src/tasklist/import-worker';
import { loadProcessNames } from '../../src/tasklist/process-names';
import { startReconciler } from '../../src/tasklist/reconcile';
import { TaskService } from '../../src/tasklist/task-service';
import { createApp } from '../../src/web/app';
import { startTestEngine, type TestEngine } from '../helpers/engine';

/**
 * The application put together the way src/main.ts does for `npm start`, with two differences a test needs:
 * the engine runs on a manual clock over a fresh test database, and the web server listens on a free port.
 * Everything else is the real thing: the demo seed, processes/ and forms/ deployed through zeebe-node, every
 * job worker of src/workers, the task list's import worker and reconciler, and its Express app.
 */
const ROOT = path.resolve(__dirname, '../..');
const SIGNING_KEY = 'e2e-signing-key-0123456789abcdef0123456789abcdef';

export interface Application {
  t: TestEngine;
  url: string;
  /** A JSON request to the task list, as any HTTP client would send it. */
  api(method: string, route: string, options?: { token?: string; body?: unknown }): Promise<{ status: number; body: any }>;
  /** Runs a script of scripts/ as a user runs it beside `npm start` (ZEEBE_ADDRESS naming this engine); gives its output. */
  runScript(file: string, args: string[]): Promise<string>;
  stop(): Promise<void>;
}

export async function startApplication(options: { startAt?: string } = {}): Promise<Application> {
  const t = await startTestEngine({ clock: new ManualClock(Date.parse(options.startAt ?? '2027-01-04T09:00:00+08:00')) });
  await seedDemoData(t.db);
  await deployFolders(t.client, ROOT);
  const now = () => new Date(t.clock.now());
  startWorkers(t.client, { db: t.db, now });
  const names = await loadProcessNames(path.join(ROOT, 'processes'));
  const quiet = () => undefined;
  const importer = startImportWorker(t.client, { db: t.db, names, now, log: quiet });
  const reconciler = startReconciler({ db: t.db, now, log: quiet });
  const tasks = new TaskService({ db: t.db, engine: t.client, forms: loadTaskForms(path.join(ROOT, 'forms')), now });
  const app = createApp({ db: t.db, tasks, names, now, signingKey: SIGNING_KEY, limiter: new LoginLimiter({ now }), secureCookies: false }, quiet);
  const server: Server = await new Promise((resolve, reject) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening)).on('error', reject);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    t,
    url,
    async api(method, route, { token, body } = {}) {
      const response = await fetch(`${url}${route}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text for the failure message
      }
      return { status: response.status, body: parsed };
    },
    async runScript(file, args) {
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', file), ...args], {
        cwd: ROOT,
        env: { ...process.env, ZEEBE_ADDRESS: t.embedded.address },
        timeout: 30_000,
      });
      return stdout;
    },
    async stop() {
      reconciler.stop();
      await new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      await importer.close();
      await t.stop();
    },
  };
}
