import type { FeelOptions } from '../options';
import { booleanFunctions } from './boolean';
import { contextFunctions } from './context';
import { listFunctions } from './list';
import { numericFunctions } from './numeric';
import { stringFunctions } from './string';
import { clockFunctions, temporalFunctions } from './temporal';

export { AssertionFailure } from './boolean';

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
