import { isContext } from '../context-value';
import { feelFunction, feelinBuiltin } from './feel-function';

const feelinStringJoin = feelinBuiltin('string join');

export const listFunctions = {
  'duplicate values': feelFunction(['list'], (list) => {
    if (!Array.isArray(list)) return null;
    const distinct: unknown[] = [];
    for (const item of list) if (!distinct.some((seen) => sameValue(seen, item))) distinct.push(item);
    return distinct.filter((value) => list.filter((item) => sameValue(item, value)).length > 1);
  }),

  // feelin knows string join(list) and (list, delimiter); Camunda adds (list, delimiter, prefix, suffix).
  'string join': feelFunction(['list', 'delimiter', 'prefix', 'suffix'], (list, delimiter, prefix, suffix) => {
    if (prefix === undefined && suffix === undefined) return feelinStringJoin(list, delimiter);
    if (!Array.isArray(list) || !list.every((item) => item === null || typeof item === 'string')) return null;
    if (![delimiter, prefix, suffix].every((part) => typeof part === 'string')) return null;
    return prefix + list.filter((item) => item !== null).join(delimiter) + suffix;
  }),
};

/** FEEL equality for the values a list can hold: structural for lists and contexts, textual for temporals. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  }
  if (isContext(a) && isContext(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && sameValue(a[key], b[key]));
  }
  const bothObjects = typeof a === 'object' && typeof b === 'object' && a !== null && b !== null;
  return bothObjects && a.constructor === b.constructor && String(a) === String(b);
}
