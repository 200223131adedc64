/**
 * Why a task operation was refused; routes turn the kind into a status (400, 403, 404, 409, 503). A task the
 * user may not see is not-found, exactly as one that does not exist.
 */
export type TaskErrorKind = 'invalid' | 'forbidden' | 'not-found' | 'conflict' | 'unavailable';

export class TaskError extends Error {
  constructor(
    readonly kind: TaskErrorKind,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = () => new TaskError('not-found', 'No such task / 没有这个任务');
