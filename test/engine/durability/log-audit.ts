import type { Knex } from 'knex';
import { verifyLog } from '../../../src/engine/log/verify-log';
import { LogStore } from '../../../src/engine/log/log-store';
import { recoverState } from '../../../src/engine/recovery';
import { canonicalState } from '../../../src/engine/state/compare';

/** One row of engine_records as stored: numbers as text, the value as the exact JSON text that was hashed. */
export interface LogRow {
  position: string;
  source_record_position: string;
  key: string;
  timestamp: string;
  record_type: string;
  value_type: string;
  intent: string;
  rejection_type: string | null;
  rejection_reason: string | null;
  value: string;
  hash: string;
}

export async function readLogRows(db: Knex): Promise<LogRow[]> {
  const result = await db.raw(
    `select position::text as position, source_record_position::text as source_record_position, key::text as key,
            timestamp::text as timestamp, record_type, value_type, intent, rejection_type, rejection_reason, value, hash
       from engine_records order by engine_records.position`,
  );
  return result.rows;
}


/** The paths where two JSON-like values differ, with both sides, so a failure shows what diverged and not a wall of JSON. */
export function differences(live: unknown, other: unknown, limit = 12, path = '$', found: string[] = []): string[] {
  if (found.length >= limit) return found;
  if (Object.is(live, other)) return found;
  const bothObjects = live !== null && other !== null && typeof live === 'object' && typeof other === 'object';
  if (!bothObjects || Array.isArray(live) !== Array.isArray(other)) {
    found.push(`${path}: live ${short(live)} but recovered ${short(other)}`);
    return found;
  }
  if (Array.isArray(live) && Array.isArray(other) && live.length !== other.length) {
    found.push(`${path}: live has ${live.length} entries, recovered ${other.length}`);
  }
  const keys = new Set([...Object.keys(live as object), ...Object.keys(other as object)]);
  for (const key of keys) {
    differences((live as any)[key], (other as any)[key], limit, `${path}.${key}`, found);
    if (found.length >= limit) break;
  }
  return found;
}

function short(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? 'undefined' : text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

// ---------------------------------------------------------------------------------------------------------
// Counting what the log holds, for the crash tests

/** How many rows match, per record key. */
export function countByKey(rows: LogRow[], match: (row: LogRow) => boolean): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) if (match(row)) counts.set(row.key, (counts.get(row.key) ?? 0) + 1);
  return counts;
}

export const isEvent = (valueType: string, intent: string) => (row: LogRow) =>
  row.record_type === 'EVENT' && row.value_type === valueType && row.intent === intent;
export const isProcessEvent = (intent: string) => (row: LogRow) =>
  isEvent('PROCESS_INSTANCE', intent)(row) && JSON.parse(row.value).bpmnElementType === 'PROCESS';

export function notExactlyOnce(keys: Iterable<string>, counts: Map<string, number>): string[] {
  return [...keys].filter((key) => counts.get(key) !== 1).map((key) => `${key} (${counts.get(key) ?? 0} times)`);
}

export function moreThanOnce(counts: Map<string, number>): string[] {
  return [...counts].filter(([, n]) => n > 1).map(([key, n]) => `${key} (${n} times)`);
}

export function listed(items: string[], limit = 8): string {
  return `${items.length}: ${items.slice(0, limit).join(', ')}${items.length > limit ? ', …' : ''}`;
}

/** What callers were told is done: instances created (by key) and job completions (job key → instance). */
export interface Acknowledged {
  ackedInstances: Set<string>;
  ackedJobs: Map<string, string>;
}

/**
 * What must hold of the log after any number of crashes: it is one unbroken hash chain, every acknowledged
 * instance was created and completed exactly once, every acknowledged job completion is in it exactly once,
 * nothing was done twice, every instance written (acknowledged or not) was worked to its end, and the
 * state from the last snapshot equals the state replayed from the log. Returns the problems found.
 */
export async function acknowledgedWorkProblems(db: Knex, acked: Acknowledged, rows?: LogRow[]): Promise<string[]> {
  const problems: string[] = [];
  rows ??= await readLogRows(db);
  problems.push(...(await verifyLog(db)).problems);

  const processCompleted = countByKey(rows, isProcessEvent('ELEMENT_COMPLETED'));
  const processActivating = countByKey(rows, isProcessEvent('ELEMENT_ACTIVATING'));
  const jobCompleted = countByKey(rows, isEvent('JOB', 'COMPLETED'));

  const unfinished = notExactlyOnce(acked.ackedInstances, processCompleted);
  if (unfinished.length > 0) problems.push(`Expected every acknowledged instance to complete exactly once, but not ${listed(unfinished)}`);
  const recreated = notExactlyOnce(acked.ackedInstances, processActivating);
  if (recreated.length > 0) problems.push(`Expected every acknowledged instance to be created exactly once, but not ${listed(recreated)}`);
  const lost = notExactlyOnce(acked.ackedJobs.keys(), jobCompleted);
  if (lost.length > 0) problems.push(`Expected every acknowledged job completion in the log exactly once, but not ${listed(lost)}`);
  const twiceCompleted = moreThanOnce(jobCompleted);
  if (twiceCompleted.length > 0) problems.push(`Expected no job to complete twice, but ${listed(twiceCompleted)}`);
  const twiceFinished = moreThanOnce(processCompleted);
  if (twiceFinished.length > 0) problems.push(`Expected no instance to complete twice, but ${listed(twiceFinished)}`);

  const store = new LogStore(db);
  const fromLog = await recoverState(store, { useSnapshot: false });
  const left = [...fromLog.elementInstances.values()].filter((i) => i.value.bpmnElementType === 'PROCESS').map((i) => i.key);
  if (left.length > 0) problems.push(`Expected no instance left running in the state replayed from the log, but ${listed(left)}`);
  const fromSnapshot = await recoverState(store);
  const diverged = differences(canonicalState(fromSnapshot), canonicalState(fromLog));
  if (diverged.length > 0) problems.push(`Expected the state from the last snapshot to equal the state replayed from the log, but:\n    ${diverged.join('\n    ')}`);
  return problems;
}
