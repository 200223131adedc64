import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JSONDoc } from 'zeebe-node';
import { ManualClock } from '../../src/engine/clock';
import { seedDemoData } from '../../src/seed/demo-seed';
import { issueToken } from '../../src/auth/tokens';
import type { ProcessNames } from '../../src/tasklist/process-names';
import type { LoginLimiter } from '../../src/auth/login-limiter';
import type { TaskService } from '../../src/tasklist/task-service';
import { startTaskList } from '../../src/tasklist/start-task-list';
import type { AuditTrail } from '../../src/history/audit-trail';
import { startTestAuditTrail } from '../helpers/audit-trail';
import type { Task } from '../../src/tasklist/task';
import { findTask } from '../../src/tasklist/task-store';
import { startTestEngine, type TestEngine } from '../helpers/engine';
import { waitFor } from '../helpers/settle';

/**
 * The task list for real: the embedded engine on a manual clock with the demo directory, the fixture
 * diagrams and forms beside this file, the import worker through zeebe-node, and the web app on a free port.
 */
export const FIXTURES = path.join(__dirname, 'fixtures');
export const SIGNING_KEY = 'test-signing-key-0123456789abcdef0123456789';
export const TASK_JOB_TIMEOUT_MS = 60 * 60_000;

export interface Harness {
  t: TestEngine;
  url: string;
  /** The Express app, for tests that walk its routes. */
  app: import('express').Express;
  service: TaskService;
  names: ProcessNames;
  limiter: LoginLimiter;
  /** With startHarness({ audit: true }): the audit trail behind /api/history. */
  audit?: AuditTrail;
  now: () => Date;
  start(bpmnProcessId: string, variables?: Record<string, unknown>): Promise<string>;
  /** Waits until the open task of that instance (and element) is imported. */
  task(processInstanceKey: string, elementId?: string): Promise<Task>;
  token(username: string): string;
  api(method: string, route: string, options?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  startAt?: string;
  /** Diagrams deployed besides the fixtures, and the folder the task list and modeler read (default: the fixtures). */
  processes?: { dir: string; files: string[] };
  /** The forms folder the task list and modeler read (default: the fixtures' forms). */
  formsDir?: string;
  /** With the audit trail (a key in a temporary directory, checkpoints only when asked for). */
  audit?: boolean;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const t = await startTestEngine({ clock: new ManualClock(Date.parse(options.startAt ?? '2027-01-04T09:00:00+08:00')) });
  await seedDemoData(t.db);
  for (const file of fs.readdirSync(path.join(FIXTURES, 'forms'))) {
    await t.client.deployResource({ form: fs.readFileSync(path.join(FIXTURES, 'forms', file)), name: file });
  }
  for (const file of fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.bpmn'))) {
    await t.client.deployResource({ process: fs.readFileSync(path.join(FIXTURES, file)), name: file });
  }
  for (const file of options.processes?.files ?? []) {
    await t.client.deployResource({ process: fs.readFileSync(path.join(options.processes!.dir, file)), name: file });
  }
  const now = () => new Date(t.clock.now());
  const testAudit = options.audit ? await startTestAuditTrail(t.db, () => t.clock.now()) : undefined;
  const audit = testAudit?.trail;
  const taskList = await startTaskList({
    audit,
    client: t.client,
    db: t.db,
    now,
    processesDir: options.processes?.dir ?? FIXTURES,
    formsDir: options.formsDir ?? path.join(FIXTURES, 'forms'),
    signingKey: SIGNING_KEY,
    secureCookies: false,
    taskJobTimeoutMs: TASK_JOB_TIMEOUT_MS,
    engineLog: true,
    // Tests that need reconciliation run it by hand, on the manual clock.
    reconcile: false,
    log: () => undefined,
  });
  const { tasks: service, names, limiter } = taskList;
  const { server, url } = await taskList.listen(0, '127.0.0.1');
  return {
    t,
    url,
    app: taskList.app,
    service,
    names,
    limiter,
    audit,
    now,
    async start(bpmnProcessId, variables = {}) {
      const created = await t.client.createProcessInstance({ bpmnProcessId, variables: variables as JSONDoc });
      return String(created.processInstanceKey);
    },
    async task(processInstanceKey, elementId) {
      let found: Task | undefined;
      await waitFor(async () => {
        const query = t.db('tasks').where({ process_instance_key: processInstanceKey, state: 'open' });
        if (elementId) query.andWhere('element_id', elementId);
        const row = await query.first();
        if (row) found = await findTask(t.db, row.id);
        return !!found;
      }, 10_000);
      return found!;
    },
    token: (username) => issueToken(username, { key: SIGNING_KEY, now }),
    async api(method, route, { token, body, headers = {} } = {}) {
      const response = await fetch(`${url}${route}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        redirect: 'manual',
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // pages answer HTML
      }
      return { status: response.status, body: parsed, headers: response.headers };
    },
    async stop() {
      await new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      await taskList.close();
      await testAudit?.stop();
      await t.stop();
    },
  };
}
