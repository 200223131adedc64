import type { FeelOptions } from '../options.js';
import { booleanFunctions } from './boolean.js';
import { contextFunctions } from './context.js';
import { listFunctions } from './list.js';
import { numericFunctions } from './numeric.js';
import { stringFunctions } from './string.js';
import { clockFunctions, temporalFunctions } from './temporal.js';

export { AssertionFailure } from './boolean.js';

/** The Camunda 8.3 functions feelin lacks or knows with fewer signatures; they shadow feelin's built-ins. */
const fixedFunctions: Record<string, unknown> = {
  ...booleanFunctions,
  ...contextFunctions,
  ...listFunctions,
  ...numericFunctions,
  ...stringFunctions,
  ...temporalFunctions,
};

const clockFunctionNames = Object.keys(clockFunctions(undefined));

export const camundaFunctionNames: readonly string[] = [...Object.keys(fixedFunctions), ...clockFunctionNames];

/** The Camunda functions with the given names, the clock ones bound to this evaluation's clock. */
export function camundaFunctions(names: readonly string[], options: FeelOptions | undefined): Record<string, unknown> {
  const selected: Record<string, unknown> = {};
  const clock = names.some((name) => clockFunctionNames.includes(name)) ? clockFunctions(options) : undefined;
  for (const name of names) selected[name] = fixedFunctions[name] ?? clock?.[name as keyof typeof clock];
  return selected;
}
