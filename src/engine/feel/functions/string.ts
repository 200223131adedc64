import { feelFunction } from './feel-function';

export const stringFunctions = {
  extract: feelFunction(['string', 'pattern'], (string, pattern) => {
    if (typeof string !== 'string' || typeof pattern !== 'string') return null;
    const regexp = globalRegExp(pattern);
    return regexp ? Array.from(string.matchAll(regexp), (match) => match[0]) : null;
  }),
};

/** Java patterns are closer to JavaScript's unicode mode, but some (like `\-`) are only valid without it. */
function globalRegExp(pattern: string): RegExp | null {
  for (const flags of ['gu', 'g']) {
    try {
      return new RegExp(pattern, flags);
    } catch {
      // try the next flags
    }
  }
  return null;
}
