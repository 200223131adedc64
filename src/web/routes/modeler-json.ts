import express, { type NextFunction, type Request, type Response } from 'express';
import type { Refusal } from '../../modeler/check-bpmn';
import type { ModelerService, Source } from '../../modeler/modeler-service';
import { currentUser } from '../session';

/** A diagram travels as JSON text: 4 MB of XML (the limit checkBpmn enforces) plus room for escaping. */
const BODY_LIMIT = '6mb';

const STATUS: Record<Refusal['reason'], number> = { 'too-large': 413, doctype: 400, 'not-xml': 400, 'not-bpmn': 400, 'not-form': 400, lint: 422, engine: 422 };

/**
 * The modeler's JSON routes, mounted twice: under /api/modeler (Bearer tokens, for tools and tests) and
 * under /modeler/api (the session cookie plus the CSRF header, for the modeler page). Sign-in and the
 * process-owner check run before this router.
 */
export function modelerJson(modeler: ModelerService): express.Router {
  const router = express.Router();
  router.use(express.json({ limit: BODY_LIMIT }));
  // A file can also be posted as it is (curl --data-binary @x.bpmn -H 'content-type: application/xml').
  router.use(express.text({ type: ['application/xml', 'text/xml'], limit: BODY_LIMIT }));

  router.get('/processes', async (_req, res) => {
    res.json({ items: await modeler.listProcesses(), engineFigures: modeler.engineFigures });
  });

  router.get('/processes/:id/xml', async (req, res) => {
    const source = parseSource(req.query.source);
    const opened = source === undefined ? undefined : await modeler.open(String(req.params.id), source);
    if (!opened) {
      res.status(404).json({ error: 'not-found', message: `没有这个版本 / No ${describeSource(req.query.source)} of process '${req.params.id}'` });
      return;
    }
    res.json(opened);
  });

  router.get('/processes/:id/versions', async (req, res) => {
    res.json(await modeler.versions(String(req.params.id)));
  });

  router.post('/drafts', async (req, res) => {
    answer(res, await modeler.saveDraft(currentUser(res), xmlOf(req)), 200);
  });

  router.post('/deployments', async (req, res) => {
    answer(res, await modeler.deploy(currentUser(res), xmlOf(req)), 201);
  });

  router.get('/forms', async (_req, res) => {
    res.json({ items: await modeler.forms.listForms() });
  });

  router.get('/forms/:id', async (req, res) => {
    const opened = await modeler.forms.open(String(req.params.id));
    if (!opened) {
      res.status(404).json({ error: 'not-found', message: `没有这个表单 / No form '${req.params.id}' in forms/, in the drafts or deployed from the modeler` });
      return;
    }
    res.json(opened);
  });

  router.post('/form-drafts', async (req, res) => {
    answer(res, await modeler.forms.saveDraft(currentUser(res), req.body?.json), 200);
  });

  router.post('/form-deployments', async (req, res) => {
    answer(res, await modeler.forms.deploy(currentUser(res), req.body?.json), 201);
  });

  router.use((_req: Request, res: Response) => {
    res.status(404).json({ error: 'not-found', message: 'No such modeler route' });
  });
  router.use(jsonErrors);
  return router;
}

function answer(res: Response, outcome: { ok: true } | Refusal, status: number): void {
  if (outcome.ok) {
    res.status(status).json(outcome);
    return;
  }
  res.status(STATUS[outcome.reason]).json({ error: outcome.reason, message: outcome.message, problems: outcome.problems });
}

function xmlOf(req: Request): unknown {
  return typeof req.body === 'string' ? req.body : req.body?.xml;
}

export function parseSource(value: unknown): Source | undefined {
  if (value === undefined || value === '' || value === 'latest') return 'latest';
  if (value === 'draft' || value === 'file') return value;
  const version = Number(value);
  return Number.isInteger(version) && version > 0 ? version : undefined;
}

function describeSource(value: unknown): string {
  if (value === 'draft') return 'draft';
  if (value === 'file') return 'file in processes/';
  return value === undefined || value === 'latest' ? 'deployed version' : `version ${String(value).slice(0, 20)}`;
}

/** These routes answer JSON wherever they are mounted, errors included (a body over the limit too). */
export function jsonErrors(error: any, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(error);
  if (error?.type === 'entity.too.large') {
    res.status(413).json({ error: 'too-large', message: '文件过大 / Expected a diagram of at most 4 MB, but the request is larger' });
  } else if (error?.type === 'entity.parse.failed') {
    res.status(400).json({ error: 'invalid', message: 'Expected a JSON body {"xml": "<bpmn:definitions …>"}, but it could not be parsed' });
  } else {
    next(error);
  }
}
