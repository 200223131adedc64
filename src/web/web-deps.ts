import type express from 'express';
import type { Knex } from 'knex';
import type { LoginLimiter } from '../auth/login-limiter';
import type { ModelerService } from '../modeler/modeler-service';
import type { ProcessNames } from '../tasklist/process-names';
import type { TaskService } from '../tasklist/task-service';
import type { AuditTrail } from '../history/audit-trail';

/** What the web app is built from; everything with I/O or time is passed in. */
export interface WebDeps {
  db: Knex;
  tasks: TaskService;
  names: ProcessNames;
  signingKey: string;
  now: () => Date;
  limiter: LoginLimiter;
  /** Served over HTTPS: cookies are Secure, HSTS is sent and requests are upgraded. Off for plain HTTP. */
  secureCookies: boolean;
  /** Behind one reverse proxy: take the client address (for the login limit) from X-Forwarded-For. */
  trustProxy?: boolean;
  /** The audit trail's key and checkpoints; without it /api/history/verification and exports answer 503. */
  audit?: AuditTrail;
  /** Request ids, health, readiness and metrics (src/ops/operations.ts), mounted before everything else. */
  operations?: express.RequestHandler;
  /** The process owners' modeler (pages under /modeler, JSON under /api/modeler). */
  modeler?: ModelerService;
}
