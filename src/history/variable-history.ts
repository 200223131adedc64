import type { RecordEntry, TimelineEntry } from './timeline';

/** One change of one variable: what it was, what it became, where, when and by whom. */
export interface VariableChange {
  name: string;
  position: number;
  timestamp: number;
  /** The element whose scope holds the variable (the process id for process scope). */
  element: string;
  scopeKey: string;
  /** JSON values, masked where the reader may not see them; undefined old value: the variable was created. */
  oldValue: unknown;
  newValue: unknown;
  actor: string;
}

/**
 * Every change of every variable (or of one), oldest first, from the timeline's VARIABLE records (already
 * masked for the reader). The old value is the previous value in the same scope.
 */
export function variableHistory(timeline: TimelineEntry[], name?: string): VariableChange[] {
  const scopes = new Map<string, string>();
  const current = new Map<string, unknown>();
  const changes: VariableChange[] = [];
  for (const entry of timeline) {
    if (entry.kind !== 'record' || entry.recordType !== 'EVENT') continue;
    if (entry.valueType === 'PROCESS_INSTANCE' && entry.intent === 'ELEMENT_ACTIVATING') scopes.set(entry.key, entry.elementId ?? '');
    if (entry.valueType !== 'VARIABLE') continue;
    const change = toChange(entry, scopes, current);
    if (!name || change.name === name) changes.push(change);
  }
  return changes;
}

function toChange(entry: RecordEntry, scopes: Map<string, string>, current: Map<string, unknown>): VariableChange {
  const value = entry.value as { name: string; value: string; scopeKey: string };
  const slot = `${value.scopeKey}/${value.name}`;
  const newValue = JSON.parse(value.value);
  const change: VariableChange = {
    name: value.name,
    position: entry.position,
    timestamp: entry.timestamp,
    element: scopes.get(value.scopeKey) ?? value.scopeKey,
    scopeKey: value.scopeKey,
    oldValue: entry.intent === 'CREATED' ? undefined : current.get(slot),
    newValue,
    actor: entry.actor,
  };
  current.set(slot, newValue);
  return change;
}
