import type express from 'express';
import { Router } from 'express';
import type { ModelerService } from '../../modeler/modeler-service';
import { requireApiUser } from '../session';
import type { WebDeps } from '../web-deps';
import { processOwnersOnly, refuseJson } from './modeler-access';
import { modelerJson } from './modeler-json';

/** /api/modeler: the modeler's JSON routes for tools, with a Bearer token of a process owner. */
export function modelerApi(deps: WebDeps, modeler: ModelerService): express.Router {
  const router = Router();
  router.use(requireApiUser(deps), processOwnersOnly(refuseJson), modelerJson(modeler));
  return router;
}
