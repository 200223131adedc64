import { isFunction, isRange } from 'feelin';
import { expressionOf, isExpression } from './attribute';
import type { FeelOptions } from './options';
import { failure, success, type FeelResult } from './result';
import { runFeel } from './run-feel';
import { toJson } from './to-json';

export { isExpression } from './attribute';
export { checkSyntax } from './syntax';
export type { FeelOptions } from './options';
export type { FeelResult } from './result';
export { evaluateBoolean, evaluateDateTime, evaluateString, evaluateStringList } from './typed-evaluation';

/**
 * Evaluates a FEEL expression (text without '=') against variables. The result is a plain JSON value: FEEL dates,
 * times and durations become the ISO 8601 text Zeebe stores for them. Never throws; a syntax error, a failed
 * `assert()` or a result that cannot be stored (a function, a range) gives a failure in Zeebe's words. As in
 * Zeebe 8.3, a missing variable or an unknown function only makes its part null.
 */
export function evaluate(expression: string, variables: Record<string, unknown>, options?: FeelOptions): FeelResult {
  const outcome = runFeel(expression, variables, options);
  if (!outcome.ok) return outcome;
  const value = toJson(outcome.value);
  if (value === undefined) {
    const kind = isRange(outcome.value) ? 'a range' : isFunction(outcome.value) || typeof outcome.value === 'function' ? 'a function' : 'of an unknown type';
    return failure(`Expected result of the expression '${expression}' to be a value that can be stored as a variable, but was ${kind}.`);
  }
  return success(value);
}

/** Evaluates an attribute that is either a static value (returned as the string it is) or '=expr'. */
export function evaluateAttribute(text: string, variables: Record<string, unknown>, options?: FeelOptions): FeelResult {
  return isExpression(text) ? evaluate(expressionOf(text), variables, options) : success(text);
}
