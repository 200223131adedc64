import { evaluate as feelinEvaluate, SyntaxError as FeelSyntaxError } from 'feelin';
import { AssertionFailure } from './functions';
import type { FeelOptions } from './options';
import { evaluationScope } from './scope';
import { findSyntaxProblem, parseFailure } from './syntax';
import { translateWarnings, type EvaluationWarning } from './warnings';

/** The raw outcome: a FEEL value (dates still FEEL dates) with the warnings about nulls along the way. */
export type FeelOutcome =
  | { ok: true; value: unknown; warnings: EvaluationWarning[] }
  | { ok: false; message: string };

/**
 * Runs feelin over an expression (text without '='). Like Zeebe 8.3, what goes wrong inside an expression makes
 * that part null and leaves a warning; only a syntax error, a failed `assert()` or an error inside feelin fails
 * the evaluation.
 */
export function runFeel(expression: string, variables: Record<string, unknown>, options?: FeelOptions): FeelOutcome {
  try {
    const { value, warnings } = feelinEvaluate(expression, evaluationScope(expression, variables, options));
    return { ok: true, value, warnings: translateWarnings(warnings) };
  } catch (error) {
    return { ok: false, message: failureMessage(expression, error) };
  }
}

function failureMessage(expression: string, error: unknown): string {
  if (error instanceof AssertionFailure) {
    return `Assertion failure on evaluate the expression '${expression}': ${error.message}`;
  }
  if (error instanceof FeelSyntaxError) {
    const problem = findSyntaxProblem(expression) ?? `${error.message} at position ${error.position.from + 1}`;
    return parseFailure(expression, problem);
  }
  const reason = error instanceof Error ? error.message : String(error);
  return `failed to evaluate expression '${expression}': ${reason}`;
}
