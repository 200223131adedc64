import { FeelFunction, evaluate } from 'feelin';

// FEEL passes any value; the bodies check what they receive.
type Body = (...args: any[]) => unknown;

/** Wraps a body as a FEEL function. The names matter: FEEL callers may pass arguments by name. */
export function feelFunction(parameterNames: string[], body: Body): FeelFunction {
  return new FeelFunction(body, parameterNames);
}

/**
 * One of feelin's own built-ins, for the Camunda variants that only add a signature to it. feelin does not
 * export its table, but a bare function name evaluates to the function itself.
 */
export function feelinBuiltin(name: string): Body {
  const { value } = evaluate(name);
  if (typeof value !== 'function') throw new Error(`feelin has no built-in function '${name}'`);
  return value as Body;
}
