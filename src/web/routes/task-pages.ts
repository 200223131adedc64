import express, { type Request, type Response } from 'express';
import { TaskError } from '../../tasklist/task-errors';
import type { TaskDetail } from '../../tasklist/task-service';
import { statusOf } from '../error-handler';
import { currentUser } from '../session';
import type { PageKit } from './page-kit';
import type { WebDeps } from '../web-deps';

/** The task page and its posts: claim, unclaim, assign, comment, complete (each with its CSRF token). */
export function taskPages(deps: WebDeps, kit: PageKit): express.Router {
  const router = express.Router();
  const { page, signedIn, csrf } = kit;

  router.get('/tasks/:id', signedIn, async (req, res) => {
    const detail = await deps.tasks.view(currentUser(res), String(req.params.id));
    taskPage(req, res, detail);
  });

  const taskPage = (req: Request, res: Response, detail: TaskDetail, extra: { values?: Record<string, unknown>; errors?: Record<string, string>; message?: string; commentError?: string } = {}, status = 200) => {
    const { task, form } = detail;
    const values = extra.values ?? prefill(detail);
    page(
      req,
      res,
      'task',
      {
        title: `${task.elementName} / ${task.processName}`,
        detail,
        task,
        open: task.state === 'open',
        completed: task.state === 'completed' || task.state === 'completing',
        gone: task.state === 'gone',
        formHtml: detail.canAct && detail.isAssignee && form ? form.render(values, extra.errors ?? {}) : null,
        needsConfirmation: detail.canAct && detail.isAssignee && !form && !detail.formMissing,
        formMissing: detail.canAct && detail.formMissing,
        canClaim: detail.canAct && task.assignee === null,
        hasErrors: !!extra.errors && Object.keys(extra.errors).length > 0,
        message: extra.message,
        commentError: extra.commentError,
      },
      status,
    );
  };

  /** A post's outcome: back to the task page, or the same page with the refusal (field errors included). */
  const act = (handler: (req: Request, res: Response) => Promise<string | void>) => async (req: Request, res: Response) => {
    const id = String(req.params.id);
    try {
      const to = await handler(req, res);
      res.redirect(303, to ?? `/tasks/${encodeURIComponent(id)}`);
    } catch (error) {
      if (!(error instanceof TaskError) || error.kind === 'not-found') throw error;
      const detail = await deps.tasks.view(currentUser(res), id);
      const isComment = req.path.endsWith('/comments');
      const status = statusOf(error.kind);
      taskPage(
        req,
        res,
        detail,
        {
          // What was typed comes back; read-only fields keep the instance's values, whatever was posted for them.
          values: isComment ? undefined : { ...formValues(req.body), ...readOnlyValues(detail) },
          errors: isComment ? undefined : error.fields,
          message: error.message,
          commentError: isComment ? error.message : undefined,
        },
        status,
      );
    }
  };

  router.post('/tasks/:id/claim', signedIn, csrf.protect, act(async (req, res) => void (await deps.tasks.claim(currentUser(res), String(req.params.id)))));
  router.post('/tasks/:id/unclaim', signedIn, csrf.protect, act(async (req, res) => void (await deps.tasks.unclaim(currentUser(res), String(req.params.id)))));
  router.post('/tasks/:id/assign', signedIn, csrf.protect, act(async (req, res) => void (await deps.tasks.assign(currentUser(res), String(req.params.id), req.body?.username))));
  router.post('/tasks/:id/comments', signedIn, csrf.protect, act(async (req, res) => void (await deps.tasks.comment(currentUser(res), String(req.params.id), req.body?.text))));
  router.post(
    '/tasks/:id/complete',
    signedIn,
    csrf.protect,
    act(async (req, res) => {
      const id = String(req.params.id);
      // The page reads the task first (for its form); a task it may not see is a refused completion too.
      const detail = await deps.tasks.view(currentUser(res), id).catch(async (error: unknown) => {
        await deps.tasks.logRefusal(currentUser(res), id, 'complete', error);
        throw error;
      });
      if (!detail.form && !detail.formMissing && req.body?.confirm !== 'yes') {
        throw new TaskError('invalid', '请确认完成此任务 / Confirm that the task is done', { confirm: '请勾选确认 / Tick to confirm' });
      }
      await deps.tasks.complete(currentUser(res), String(req.params.id), formValues(req.body));
      return `/tasks?done=${encodeURIComponent(detail.task.elementName)}`;
    }),
  );

  return router;
}

/** The submitted fields without the page's own (CSRF token, confirmation). */
function formValues(body: Record<string, unknown> | undefined): Record<string, unknown> {
  const { _csrf, confirm, ...values } = body ?? {};
  return values;
}

/** The form starts from the instance's current values of all its fields, read-only ones included (masked per Art. 26). */
function prefill(detail: TaskDetail): Record<string, unknown> {
  return detail.form ? detail.fieldValues : {};
}

function readOnlyValues(detail: TaskDetail): Record<string, unknown> {
  const inputs = new Set(detail.form?.inputKeys() ?? []);
  return Object.fromEntries(Object.entries(detail.fieldValues).filter(([key]) => !inputs.has(key)));
}
