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
 * A record's value as the reader may see it, and whether anything was masked. Sensitive variables appear
 * in a record in two shapes, at any depth: a `{ name, value }` pair (a VARIABLE record, whose value is the
 * variable's JSON text, and stays JSON text when masked) and a `variables` document (job completions,
 * messages, instance creation). The record itself is not changed (it is the engine's log). The page, the
 * history API and the exports all show records through this one function.
 */
export function maskRecordValue(reader: HistoryReader, recordValue: unknown): { value: Record<string, unknown>; masked: boolean } {
  let masked = false;
  const hidden = (name: string, value: unknown): ShownValue => {
    const shown = showVariableToReader(reader, name, value);
    if (shown.masked) masked = true;
    return shown;
  };
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    const source = node as Record<string, unknown>;
    const named = typeof source.name === 'string' && 'value' in source ? source.name : undefined;
    const copy: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(source)) {
      if (named !== undefined && key === 'value') copy[key] = maskedVariableText(hidden, named, child);
      else if (key === 'variables' && child !== null && typeof child === 'object' && !Array.isArray(child)) copy[key] = maskDocumentWith(hidden, child as Record<string, unknown>);
      else copy[key] = walk(child);
    }
    return copy;
  };
  const value = walk(recordValue) as Record<string, unknown>;
  return { value, masked };
}

function maskDocumentWith(show: (name: string, value: unknown) => ShownValue, variables: Record<string, unknown>): Record<string, unknown> {
  const shown: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(variables)) shown[name] = show(name, v).value;
  return shown;
}

/** A `{ name, value }` pair's value is the variable's JSON text: mask what it stands for, keep it JSON text. */
function maskedVariableText(show: (name: string, value: unknown) => ShownValue, name: string, text: unknown): unknown {
  if (typeof text !== 'string') return show(name, text).value;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return show(name, text).value;
  }
  const shown = show(name, parsed);
  return shown.masked ? JSON.stringify(shown.value) : text;
}
