import express, { type Request, type Response } from 'express';
import type { ModelerService } from '../../modeler/modeler-service';
import { currentUser } from '../session';
import { modelerJson } from './modeler-json';
import { NOT_A_PROCESS_OWNER, processOwnersOnly, refuseJson } from './modeler-access';
import type { PageKit } from './page-kit';

/**
 * bpmn-js and the properties panel set style attributes on elements they create (the palette, the
 * canvas, popup menus, overlays), which a strict style-src refuses. Only the modeler's pages allow inline
 * styles; scripts stay 'self' only, so an injected style cannot run code.
 */
const MODELER_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; form-action 'self'; base-uri 'self'; frame-ancestors 'self'; object-src 'none'";

/** The modeler for process owners: the list of processes, the editor, the version diff, and their JSON routes. */
export function modelerPages(modeler: ModelerService, kit: PageKit): express.Router {
  const router = express.Router();
  const { page, signedIn, csrf } = kit;
  const owners = processOwnersOnly((req, res) =>
    page(req, res, 'error', { title: '无权访问 / Forbidden', status: 403, message: NOT_A_PROCESS_OWNER }, 403),
  );
  const relaxedStyles = (_req: Request, res: Response, next: () => void) => {
    res.setHeader('Content-Security-Policy', MODELER_CSP);
    next();
  };

  // The page's own calls: the session cookie, and the CSRF token in a header for every change.
  router.use('/modeler/api', signedIn, processOwnersOnly(refuseJson), (req, res, next) => {
    if (req.method === 'GET') next();
    else csrf.protect(req, res, next);
  }, modelerJson(modeler));

  router.get('/modeler', signedIn, owners, async (req, res) => {
    const items = await modeler.listProcesses();
    page(req, res, 'modeler-list', { title: '流程建模 / Modeler', items, engineFigures: modeler.engineFigures, newIdPattern: NEW_ID_PATTERN });
  });

  router.get('/modeler/new', signedIn, owners, relaxedStyles, (req, res) => {
    const id = String(req.query.id ?? '');
    const name = String(req.query.name ?? '').slice(0, 200);
    if (!new RegExp(`^${NEW_ID_PATTERN}$`).test(id)) {
      page(req, res, 'error', { title: '流程标识无效 / Invalid process id', status: 400, message: `流程标识只能包含字母、数字、- 和 _，并以字母开头 / Expected a process id of letters, digits, '-' and '_' starting with a letter, but got '${id.slice(0, 80)}'` }, 400);
      return;
    }
    editor(req, res, { bpmnProcessId: id, source: 'new', newName: name || id });
  });

  router.get('/modeler/processes/:id', signedIn, owners, relaxedStyles, (req, res) => {
    editor(req, res, { bpmnProcessId: String(req.params.id), source: typeof req.query.source === 'string' ? req.query.source : 'latest' });
  });

  router.get('/modeler/processes/:id/diff', signedIn, owners, relaxedStyles, (req, res) => {
    page(req, res, 'modeler-diff', {
      title: `版本对比 / Diff · ${req.params.id}`,
      bpmnProcessId: String(req.params.id),
      from: String(req.query.from ?? ''),
      to: String(req.query.to ?? ''),
    });
  });

  router.get('/modeler/forms', signedIn, owners, async (req, res) => {
    page(req, res, 'form-list', { title: '表单 / Forms', items: await modeler.forms.listForms() });
  });

  router.get('/modeler/forms/:id', signedIn, owners, relaxedStyles, (req, res) => {
    page(req, res, 'form-editor', { title: `表单 / Form · ${req.params.id}`, formId: String(req.params.id) });
  });

  function editor(req: Request, res: Response, context: Record<string, unknown>): void {
    page(req, res, 'modeler-editor', { title: `流程建模 / Modeler · ${context.bpmnProcessId}`, engineFigures: modeler.engineFigures, me: currentUser(res).username, ...context });
  }

  return router;
}

/** A process id the modeler creates: an XML NCName, kept to the characters the repository's ids use. */
const NEW_ID_PATTERN = '[A-Za-z][A-Za-z0-9_-]{0,99}';
