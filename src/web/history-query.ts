import type { InstanceQuery } from '../history/instance-search';
import type { InstanceState } from '../history/instance-summary';
import { TaskError } from '../tasklist/task-errors';

export const HISTORY_PAGE_SIZE = 25;
const MAX_PAGE_SIZE = 200;

/** The state filter as auditors say it; "cancelled" is Zeebe's terminated instance. */
const STATES: Record<string, InstanceState> = { active: 'active', completed: 'completed', cancelled: 'terminated', terminated: 'terminated', incident: 'incident' };

/**
 * The instance search's filters from a query string (page and API read the same). Unlike the task list, a
 * malformed filter is refused with what was wrong: an auditor must never read "no instances" for a typo.
 */
export function parseInstanceQuery(raw: Record<string, unknown>): InstanceQuery {
  const text = (name: string) => (typeof raw[name] === 'string' ? (raw[name] as string).trim() : '');
  const errors: Record<string, string> = {};
  const query: InstanceQuery = { page: 1, pageSize: HISTORY_PAGE_SIZE };
  if (text('process')) query.bpmnProcessId = text('process').slice(0, 200);
  if (text('version')) {
    const version = Number(text('version'));
    if (Number.isInteger(version) && version > 0) query.version = version;
    else errors.version = 'Expected a version number (1, 2, …) / 版本须为正整数';
  }
  if (text('state')) {
    const state = STATES[text('state')];
    if (state) query.state = state;
    else errors.state = `Expected one of ${Object.keys(STATES).join(', ')} / 状态无效`;
  }
  if (text('department')) query.departmentId = text('department').slice(0, 64);
  if (text('project')) query.projectId = text('project').slice(0, 200);
  const from = day(text('from'), 0);
  const to = day(text('to'), 1);
  if (text('from') && from === undefined) errors.from = 'Expected a date yyyy-mm-dd / 日期格式应为 yyyy-mm-dd';
  if (text('to') && to === undefined) errors.to = 'Expected a date yyyy-mm-dd / 日期格式应为 yyyy-mm-dd';
  query.startedFrom = from;
  query.startedTo = to;
  if (text('var')) query.variable = { name: text('var').slice(0, 200), value: variableValue(text('value')) };
  else if (text('value')) errors.var = 'Expected the name of the variable whose value to search for / 请填写变量名';
  const page = Number(text('page') || 1);
  const pageSize = Number(text('pageSize') || HISTORY_PAGE_SIZE);
  query.page = Number.isInteger(page) && page > 0 ? page : 1;
  query.pageSize = Number.isInteger(pageSize) && pageSize > 0 ? Math.min(pageSize, MAX_PAGE_SIZE) : HISTORY_PAGE_SIZE;
  if (Object.keys(errors).length > 0) throw new TaskError('invalid', '请更正检索条件 / Correct the search filters', errors);
  return query;
}

/** A typed value is JSON when it parses (42, true, "x"), else the text itself: `dept-a` finds "dept-a". */
function variableValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A date (yyyy-mm-dd) as the start of that day in China (UTC+8) plus offsetDays, in ms. */
function day(text: string, offsetDays: number): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const start = Date.parse(`${text}T00:00:00+08:00`);
  return Number.isNaN(start) ? undefined : start + offsetDays * 86_400_000;
}
