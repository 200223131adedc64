import type { NextFunction, Request, Response } from 'express';
import { currentUser } from '../session';

/** The group whose members maintain the diagrams and forms (README, roles). */
export const PROCESS_OWNER = 'process-owner';

export const NOT_A_PROCESS_OWNER = '仅限流程管理员 / Only process owners (group process-owner) may use the modeler; ask your administrator for the role';

/** After the sign-in gate: lets process owners through; everyone else gets 403, as JSON or as a page. */
export function processOwnersOnly(refuse: (req: Request, res: Response) => void) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (currentUser(res).groups.includes(PROCESS_OWNER)) next();
    else refuse(req, res);
  };
}

export function refuseJson(_req: Request, res: Response): void {
  res.status(403).json({ error: 'forbidden', message: NOT_A_PROCESS_OWNER });
}
