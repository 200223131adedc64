import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { deployFolders } from '../../src/deploy-folders';
import { ManualClock } from '../../src/engine/clock';
import { seedDemoData } from '../../src/seed/demo-seed';
import { startWorkers } from '../../src/workers';
import { startTaskList } from '../../src/tasklist/start-task-list';
import { startTestEngine, type TestEngine } from '../helpers/engine';

/**
 * The application put together as src/main.ts does for `npm start` (the same startWorkers and
 * startTaskList), with two differences a test needs: the engine runs on a manual clock over a fresh test
 * database, and the web server listens on a free port.
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
  const taskList = await startTaskList({
    client: t.client,
    db: t.db,
    now,
    processesDir: path.join(ROOT, 'processes'),
    formsDir: path.join(ROOT, 'forms'),
    signingKey: SIGNING_KEY,
    secureCookies: false,
    log: () => undefined,
  });
  const { server, url } = await taskList.listen(0, '127.0.0.1');
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
      await new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      await taskList.close();
      await t.stop();
    },
  };
}
