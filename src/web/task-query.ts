import type { TaskQuery, TaskView } from '../tasklist/task-store';

export const PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

/**
 * The list's filters from a query string (page and API read the same): unknown or malformed values fall back
 * to the defaults rather than failing, so a hand-edited URL still shows a list.
 */
export function parseTaskQuery(raw: Record<string, unknown>): TaskQuery {
  const text = (name: string) => (typeof raw[name] === 'string' ? (raw[name] as string).trim() : '');
  const view = text('view');
  const sort = text('sort');
  const order = text('order');
  const page = Number.parseInt(text('page'), 10);
  const pageSize = Number.parseInt(text('pageSize'), 10);
  return {
    view: (['mine', 'unassigned', 'all'].includes(view) ? view : 'all') as TaskView,
    bpmnProcessId: text('process') || undefined,
    departmentId: text('department') || undefined,
    dueBefore: day(text('dueBefore'), 1),
    dueAfter: day(text('dueAfter'), 0),
    text: text('q').slice(0, 200) || undefined,
    sort: sort === 'created' ? 'created' : 'due',
    order: order === 'desc' ? 'desc' : 'asc',
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: Number.isInteger(pageSize) && pageSize > 0 ? Math.min(pageSize, MAX_PAGE_SIZE) : PAGE_SIZE,
  };
}

/** A date (yyyy-mm-dd) as the start of that day in China (UTC+8), plus offsetDays. */
function day(text: string, offsetDays: number): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const start = new Date(`${text}T00:00:00+08:00`);
  if (Number.isNaN(start.getTime())) return undefined;
  return new Date(start.getTime() + offsetDays * 86_400_000);
}
