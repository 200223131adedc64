import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import type { ZBClient } from 'zeebe-node';
import type express from 'express';
import { LoginLimiter } from '../auth/login-limiter';
import { ModelerService } from '../modeler/modeler-service';
import { createApp } from '../web/app';
import { loadTaskForms } from './forms-adapter';
import { startImportWorker } from './import-worker';
import { loadProcessNames, type ProcessNames } from './process-names';
import { startReconciler } from './reconcile';
import { TaskService } from './task-service';
import type { AuditTrail } from '../history/audit-trail';

export interface TaskListOptions {
  client: ZBClient;
  db: Knex;
  now: () => Date;
  /** Where the deployed diagrams (for process and step names) and their forms are read from. */
  processesDir: string;
  formsDir: string;
  signingKey: string;
  secureCookies: boolean;
  trustProxy?: boolean;
  taskJobTimeoutMs?: number;
  /**
   * The embedded engine's log table is in `db`: the modeler reads versions, their XML and running
   * instances from it. Leave it off against a real Zeebe (ZEEBE_ADDRESS).
   */
  engineLog?: boolean;
  /** Run the periodic reconciliation (a test that reconciles by hand turns it off). */
  reconcile?: boolean;
  /** The audit trail (signing key, checkpoints) behind /api/history. */
  audit?: AuditTrail;
  log: (message: string) => void;
  /** Request ids, health, readiness and metrics, mounted ahead of the task list's own routes. */
  operations?: express.RequestHandler;
}

export interface TaskList {
  app: express.Express;
  tasks: TaskService;
  names: ProcessNames;
  limiter: LoginLimiter;
  /** Serves the pages and API; gives the server and its URL. */
  listen(port: number, host?: string): Promise<{ server: Server; url: string }>;
  /** Stops the reconciliation and the import worker (the caller closes its server). */
  close(): Promise<void>;
}

/**
 * The task list as one piece: the import worker for user task jobs, its reconciliation, the task service
 * and the Express app over them. `npm start` and the tests that stand in for it assemble it here alike.
 */
export async function startTaskList(options: TaskListOptions): Promise<TaskList> {
  const { client, db, now, log } = options;
  const names = await loadProcessNames(options.processesDir);
  const importer = startImportWorker(client, { db, names, now, log, timeoutMs: options.taskJobTimeoutMs });
  const reconciler = options.reconcile === false ? undefined : startReconciler({ db, now, log });
  const tasks = new TaskService({ db, engine: client, forms: loadTaskForms(options.formsDir), now });
  const limiter = new LoginLimiter({ now });
  const modeler = new ModelerService({ db, client, now, processesDir: options.processesDir, formsDir: options.formsDir, engineLog: options.engineLog ?? false });
  const app = createApp(
    { db, tasks, names, now, signingKey: options.signingKey, limiter, secureCookies: options.secureCookies, trustProxy: options.trustProxy, audit: options.audit, operations: options.operations, modeler },
    log,
  );
  return {
    app,
    tasks,
    names,
    limiter,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        const ready = () => resolve({ server, url: `http://${host ?? 'localhost'}:${(server.address() as AddressInfo).port}` });
        // Without a host Node picks every interface itself (IPv6 or, where that is off, IPv4).
        const server = host === undefined ? app.listen(port, ready) : app.listen(port, host, ready);
        server.on('error', reject);
      }),
    async close() {
      reconciler?.stop();
      await importer.close();
    },
  };
}
