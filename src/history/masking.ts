import { isSensitiveVariable, maskValue } from '../rules/sensitive-data';
import type { LogRecord } from '../engine/log/record';

/**
 * Art. 26 in the auditors' views: the one place that decides what a history reader sees of a variable. The
 * instance page, the history API and the exports all call it, so the rule cannot differ between them.
 * No rule grants a history reader (auditor or Bureau) a sensitive value in clear: the task list reveals one
 * only to whoever works the task whose form shows it, and history has no task.
 */
export interface HistoryReader {
  username: string;
  groups: string[];
}

export interface ShownValue {
  value: unknown;
  masked: boolean;
}

/** The names a reader may see in clear although sensitive: none today (kept as the seam a future rule fills). */
export function revealedToReader(_reader: HistoryReader): ReadonlySet<string> {
  return new Set();
}

export function showVariableToReader(reader: HistoryReader, name: string, value: unknown): ShownValue {
  if (isSensitiveVariable(name) && !revealedToReader(reader).has(name)) return { value: maskValue(value), masked: true };
  return { value, masked: false };
}

/** Whether a reader may search by this variable's value: searching by a masked value would reveal it. */
export function mayFilterByVariable(reader: HistoryReader, name: string): boolean {
  return !isSensitiveVariable(name) || revealedToReader(reader).has(name);
}

/**
 * A record's value as the reader may see it: the value of a VARIABLE record, and every `variables` document a
 * record carries (job completions, messages, instance creation), with sensitive names masked. The record
 * itself is not changed (it is the engine's log).
 */
export function maskRecordValue(reader: HistoryReader, record: Pick<LogRecord, 'valueType' | 'value'>): Record<string, unknown> {
  const value = { ...record.value };
  if (record.valueType === 'VARIABLE' && typeof value.name === 'string' && typeof value.value === 'string') {
    const shown = showVariableToReader(reader, value.name, JSON.parse(value.value));
    if (shown.masked) value.value = JSON.stringify(shown.value);
  }
  if (value.variables && typeof value.variables === 'object' && !Array.isArray(value.variables)) {
    value.variables = maskDocument(reader, value.variables as Record<string, unknown>);
  }
  return value;
}

export function maskDocument(reader: HistoryReader, variables: Record<string, unknown>): Record<string, unknown> {
  const shown: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(variables)) shown[name] = showVariableToReader(reader, name, v).value;
  return shown;
}
