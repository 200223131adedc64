import { feelFunction } from './feel-function';

/** Thrown by `assert()`: the one Camunda function whose failure fails the whole evaluation instead of giving null. */
export class AssertionFailure extends Error {}

export const booleanFunctions = {
  // Camunda 8.3 (feel-scala 1.17) already answers false for null, not only for a missing value.
  'is defined': feelFunction(['value'], (value) => value !== null && value !== undefined),

  'get or else': feelFunction(['value', 'default'], (value, fallback) => value ?? fallback ?? null),

  assert: feelFunction(['value', 'condition', 'cause'], (value, condition, cause) => {
    if (condition === true) return value ?? null;
    throw new AssertionFailure(typeof cause === 'string' ? cause : 'The condition is not fulfilled');
  }),
};
