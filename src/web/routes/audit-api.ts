import express, { type NextFunction, type Request, type Response } from 'express';
import { AUDITOR_GROUP, BUREAU_GROUP } from '../../tasklist/visibility';
import { exportInstances, MAX_EXPORT_INSTANCES, type AuditExport } from '../../history/audit-export';
import { exportToCsv } from '../../history/export-csv';
import { currentUser } from '../session';
import type { WebDeps } from '../web-deps';

/**
 * The audit trail's JSON API under /api/history, for auditors and the Bureau: the verification badge and
 * exports. Everything here reads; nothing here writes on an auditor's behalf (an export asks for a
 * checkpoint first, which only signs what is already stored).
 */
export function auditApiRoutes(deps: WebDeps): express.Router {
  const router = express.Router();
  router.use(requireAuditReader);

  router.get('/verification', async (_req, res) => {
    const audit = deps.audit;
    if (!audit) return unavailable(res);
    const result = await audit.verify(deps.db);
    res.json(result);
  });

  router.get('/instances/:key/export.json', async (req, res) => {
    const doc = await exportFor(deps, res, [String(req.params.key)]);
    if (doc) sendJson(res, doc, `instance-${req.params.key}`);
  });

  router.get('/instances/:key/export.csv', async (req, res) => {
    const doc = await exportFor(deps, res, [String(req.params.key)]);
    if (!doc) return;
    res.set('Content-Disposition', `attachment; filename="instance-${req.params.key}.csv"`);
    res.type('text/csv; charset=utf-8').send(`\ufeff${exportToCsv(doc)}`);
  });

  router.get('/export.json', async (req, res) => {
    const keys = String(req.query.keys ?? '')
      .split(',')
      .map((key) => key.trim())
      .filter((key) => key !== '');
    if (keys.length === 0) {
      res.status(400).json({ error: 'invalid', message: 'Expected keys=k1,k2,… (the process instance keys of a search result), but none were given' });
      return;
    }
    if (keys.length > MAX_EXPORT_INSTANCES) {
      res.status(400).json({ error: 'invalid', message: `Expected at most ${MAX_EXPORT_INSTANCES} instances in one export, but ${keys.length} were asked for; narrow the search or export it in parts` });
      return;
    }
    const doc = await exportFor(deps, res, [...new Set(keys)]);
    if (doc) sendJson(res, doc, `instances-${doc.processInstanceKeys.length}`);
  });

  return router;
}

function requireAuditReader(_req: Request, res: Response, next: NextFunction): void {
  const user = currentUser(res);
  if (user.groups.includes(AUDITOR_GROUP) || user.groups.includes(BUREAU_GROUP)) return next();
  res.status(403).json({ error: 'forbidden', message: '仅审计人员和大数据发展局可查看审计记录 / Only auditors and the Bureau may read the audit trail' });
}

async function exportFor(deps: WebDeps, res: Response, keys: string[]): Promise<AuditExport | undefined> {
  const bad = keys.find((key) => !/^\d{1,19}$/.test(key));
  if (bad !== undefined) {
    res.status(400).json({ error: 'invalid', message: `Expected process instance keys (digits), but got "${bad.slice(0, 40)}"` });
    return undefined;
  }
  if (!deps.audit) {
    unavailable(res);
    return undefined;
  }
  // Sign what is stored now, so that every exported row lies at or before the export's checkpoint.
  await deps.audit.checkpointNow();
  const doc = await exportInstances(deps.db, keys, { reader: currentUser(res), now: deps.now() });
  if (doc.records.length === 0 && doc.operations.length === 0) {
    res.status(404).json({ error: 'not-found', message: `No records or operations for process instance ${keys.join(', ')}` });
    return undefined;
  }
  return doc;
}

function sendJson(res: Response, doc: AuditExport, name: string): void {
  res.set('Content-Disposition', `attachment; filename="${name}.json"`);
  res.type('application/json').send(JSON.stringify(doc, null, 1));
}

function unavailable(res: Response): void {
  res.status(503).json({ error: 'unavailable', message: 'The audit trail is not set up in this process (no signing key loaded)' });
}
