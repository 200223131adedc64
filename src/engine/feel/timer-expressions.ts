import { CronExpressionParser } from 'cron-parser';
import { evaluateAttribute, type FeelOptions } from './expression';

/** When a timer fires, and how many more times it fires after that (-1: for ever). */
export type TimerSchedule = { ok: true; dueDate: number; repetitions: number } | { ok: false; message: string };

export type TimerKind = 'duration' | 'date' | 'cycle';

/**
 * Evaluates a BPMN timer definition the way Zeebe reads them: timeDuration is an ISO 8601 duration
 * ("PT1H", "P1Y"), timeDate an ISO 8601 date-time, timeCycle an ISO 8601 repeating interval ("R3/PT10M",
 * "R/2026-06-01T00:00:00Z/P1Y") or a cron expression with seconds ("0 0 9 1 6 ?"). Each may be a FEEL
 * expression ("=...") giving such a text or a FEEL duration/date-time.
 */
export function evaluateTimer(kind: TimerKind, text: string, variables: Record<string, unknown>, now: number, options?: FeelOptions): TimerSchedule {
  const evaluated = evaluateAttribute(text, variables, { now: () => now, ...options });
  if (!evaluated.ok) return { ok: false, message: evaluated.message };
  if (typeof evaluated.value !== 'string') {
    return { ok: false, message: `Expected the timer ${kind} '${text}' to give a text, but it gave ${JSON.stringify(evaluated.value)}` };
  }
  const value = evaluated.value.trim();
  try {
    if (kind === 'duration') return { ok: true, dueDate: addDuration(now, value), repetitions: 0 };
    if (kind === 'date') return { ok: true, dueDate: parseDateTime(value), repetitions: 0 };
    return firstOfCycle(value, now);
  } catch (error) {
    return { ok: false, message: `Expected a valid timer ${kind}, but '${value}' is not one: ${(error as Error).message}` };
  }
}

/** The next due date of a cycle after one that fired at `previousDue`. */
export function nextOfCycle(text: string, previousDue: number, variables: Record<string, unknown>, now: number): number | undefined {
  const evaluated = evaluateAttribute(text, variables, { now: () => now });
  if (!evaluated.ok || typeof evaluated.value !== 'string') return undefined;
  const value = evaluated.value.trim();
  if (isCron(value)) return nextCron(value, previousDue);
  const { interval } = parseRepeating(value);
  return addDuration(previousDue, interval);
}

function firstOfCycle(value: string, now: number): TimerSchedule {
  if (isCron(value)) return { ok: true, dueDate: nextCron(value, now), repetitions: -1 };
  const { repetitions, start, interval } = parseRepeating(value);
  const dueDate = start !== undefined ? start : addDuration(now, interval);
  return { ok: true, dueDate, repetitions: repetitions < 0 ? -1 : Math.max(0, repetitions - 1) };
}

function isCron(value: string): boolean {
  return /\s/.test(value) && !value.startsWith('R');
}

function nextCron(expression: string, after: number): number {
  const parsed = CronExpressionParser.parse(expression, { currentDate: new Date(after), tz: 'UTC' });
  return parsed.next().getTime();
}

/** "R5/PT10M", "R/PT1H", "R3/2026-06-01T00:00:00Z/P1Y". */
function parseRepeating(value: string): { repetitions: number; start?: number; interval: string } {
  const parts = value.split('/');
  const match = /^R(\d*)$/.exec(parts[0] ?? '');
  if (!match || parts.length < 2 || parts.length > 3) throw new Error("expected 'R[n]/[start/]duration' or a cron expression");
  const repetitions = match[1] === '' ? -1 : Number(match[1]);
  if (parts.length === 3) return { repetitions, start: parseDateTime(parts[1]), interval: parts[2] };
  return { repetitions, interval: parts[1] };
}

function parseDateTime(text: string): number {
  // FEEL date-times may carry a zone id in brackets after the offset; the offset decides the instant.
  const withoutZoneId = text.replace(/\[[^\]]+\]$/, '');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(withoutZoneId)) {
    throw new Error('expected an ISO 8601 date-time with an offset, e.g. 2026-06-01T09:00:00+08:00');
  }
  const time = Date.parse(withoutZoneId);
  if (Number.isNaN(time)) throw new Error('not a date-time');
  return time;
}

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Adds an ISO 8601 duration to an instant; years, months and days move the calendar date (in UTC). */
export function addDuration(from: number, text: string): number {
  const match = DURATION.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) throw new Error('expected an ISO 8601 duration such as PT10M or P1D');
  const [years, months, weeks, days, hours, minutes] = match.slice(1, 7).map((n) => Number(n ?? 0));
  const seconds = Number(match[7] ?? 0);
  const date = new Date(from);
  if (years || months) date.setUTCMonth(date.getUTCMonth() + years * 12 + months);
  if (weeks || days) date.setUTCDate(date.getUTCDate() + weeks * 7 + days);
  return date.getTime() + ((hours * 60 + minutes) * 60 + seconds) * 1000;
}
