import { isSensitiveVariable, maskValue } from '../rules/sensitive-data';

/**
 * Art. 26 in exports and the history API: a record's value as an auditor may see it. Sensitive variables
 * appear in a record in two shapes, wherever they are nested: a VARIABLE record's { name, value } (value is
 * the variable's JSON text) and a `variables` document (job activation and completion, instance creation,
 * messages). Both are masked with the task list's maskValue; `masked` says whether anything was.
 */
export function maskRecordValue(value: unknown): { value: unknown; masked: boolean } {
  let masked = false;
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    const source = node as Record<string, unknown>;
    const copy: Record<string, unknown> = {};
    const namesSensitive = typeof source.name === 'string' && isSensitiveVariable(source.name) && 'value' in source;
    for (const [key, child] of Object.entries(source)) {
      if (namesSensitive && key === 'value') {
        masked = true;
        copy[key] = maskValue(parsedVariable(child));
      } else if (key === 'variables' && child !== null && typeof child === 'object' && !Array.isArray(child)) {
        copy[key] = maskDocument(child as Record<string, unknown>, () => (masked = true));
      } else {
        copy[key] = walk(child);
      }
    }
    return copy;
  };
  const shown = walk(value);
  return { value: shown, masked };
}

function maskDocument(document: Record<string, unknown>, onMask: () => void): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(document)) {
    if (isSensitiveVariable(name)) {
      onMask();
      copy[name] = maskValue(value);
    } else {
      copy[name] = value;
    }
  }
  return copy;
}

/** A VARIABLE record holds the value as JSON text; mask what it stands for (a string keeps its ends). */
function parsedVariable(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
