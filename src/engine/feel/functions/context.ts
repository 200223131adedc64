import { isContext } from '../context-value';
import { feelFunction, feelinBuiltin } from './feel-function';

const feelinGetValue = feelinBuiltin('get value');
const feelinContextPut = feelinBuiltin('context put');
const feelinContextMerge = feelinBuiltin('context merge');

export const contextFunctions = {
  // feelin knows get value(context, key); Camunda adds get value(context, keys) for a nested path.
  'get value': feelFunction(['context', 'key', 'keys'], (context, key, keys) => {
    const path = keys ?? key;
    if (!Array.isArray(path)) return feelinGetValue(context, path);
    if (path.length === 0 || !path.every((step) => typeof step === 'string')) return null;
    let value: unknown = context;
    for (const step of path) {
      if (!isContext(value) || !(step in value)) return null;
      value = value[step];
    }
    return value ?? null;
  }),

  // Deprecated Camunda names that 8.3 still accepts.
  put: feelFunction(['context', 'key', 'value'], (context, key, value) => feelinContextPut(context, key, value)),
  'put all': feelFunction(['...contexts'], (...contexts) => feelinContextMerge(...contexts)),
};
