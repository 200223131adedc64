import { FeelDateTime } from 'feelin';
import { expressionOf, isExpression } from './attribute';
import { timeZoneOf, type FeelOptions } from './options';
import { failure, success, type FeelResult } from './result';
import { resultTypeOf } from './result-type';
import { runFeel, type FeelOutcome } from './run-feel';
import { dateTimeText } from './to-json';
import { withWarnings } from './warnings';
import { parseZonedDateTime } from './zoned-date-time';

type Evaluated = Extract<FeelOutcome, { ok: true }>;

/** For conditions. A leading '=' is tolerated, since a FEEL expression can never start with one. */
export function evaluateBoolean(expression: string, variables: Record<string, unknown>, options?: FeelOptions): FeelResult {
  const text = isExpression(expression) ? expressionOf(expression) : expression;
  return typed(text, variables, options, (outcome) =>
    typeof outcome.value === 'boolean' ? success(outcome.value) : typeMismatch(text, 'BOOLEAN', outcome),
  );
}

/** A static value, or '=expr' giving a string. Like Zeebe, a number is not turned into a string. */
export function evaluateString(text: string, variables: Record<string, unknown>, options?: FeelOptions): FeelResult {
  if (!isExpression(text)) return success(text);
  const expression = expressionOf(text);
  return typed(expression, variables, options, (outcome) =>
    typeof outcome.value === 'string' ? success(outcome.value) : typeMismatch(expression, 'STRING', outcome),
  );
}

/**
 * For candidateGroups and candidateUsers: static "a, b" (comma separated, trimmed), or '=expr' giving a list of
 * strings. A single string is taken as a one-element list, which Zeebe 8.3 itself would reject.
 */
export function evaluateStringList(text: string, variables: Record<string, unknown>, options?: FeelOptions): FeelResult {
  if (!isExpression(text)) return success(text.split(',').map((item) => item.trim()).filter((item) => item !== ''));
  const expression = expressionOf(text);
  return typed(expression, variables, options, (outcome) => {
    const { value } = outcome;
    if (typeof value === 'string') return success([value]);
    if (!Array.isArray(value)) return typeMismatch(expression, 'ARRAY', outcome);
    if (value.every((item) => typeof item === 'string')) return success(value);
    return failure(
      withWarnings(
        `Expected result of the expression '${expression}' to be 'ARRAY' containing 'STRING' items, but was 'ARRAY' containing at least one non-'STRING' item.`,
        outcome.warnings,
      ),
    );
  });
}

/**
 * For dueDate and followUpDate: static ISO 8601 date-time text with an offset, or '=expr' giving a date and time
 * or such text. The result is the text Zeebe stores (java.time's ZonedDateTime#toString). As in Zeebe, these
 * dates are optional: null or empty text gives null. A date and time without a zone is placed in the clock's zone.
 */
export function evaluateDateTime(text: string, variables: Record<string, unknown>, options?: FeelOptions): FeelResult {
  if (!isExpression(text)) return text === '' ? success(null) : dateTimeFromText(text, text, []);
  const expression = expressionOf(text);
  return typed(expression, variables, options, (outcome) => {
    const { value } = outcome;
    if (value === null || value === undefined || value === '') return success(null);
    if (value instanceof FeelDateTime) return success(dateTimeText(value, timeZoneOf(options)));
    if (typeof value === 'string') return dateTimeFromText(value, expression, outcome.warnings);
    return failure(
      withWarnings(
        `Expected result of the expression '${expression}' to be one of '[DATE_TIME, STRING]', but was '${resultTypeOf(value)}'`,
        outcome.warnings,
      ),
    );
  });
}

function dateTimeFromText(text: string, expression: string, warnings: Evaluated['warnings']): FeelResult {
  const dateTime = parseZonedDateTime(text);
  if (dateTime) return success(dateTimeText(dateTime));
  return failure(withWarnings(`Invalid date-time format '${text}' for expression '${expression}'.`, warnings));
}

function typed(
  expression: string,
  variables: Record<string, unknown>,
  options: FeelOptions | undefined,
  check: (outcome: Evaluated) => FeelResult,
): FeelResult {
  const outcome = runFeel(expression, variables, options);
  return outcome.ok ? check(outcome) : outcome;
}

function typeMismatch(expression: string, expected: string, outcome: Evaluated): FeelResult {
  const actual = resultTypeOf(outcome.value);
  return failure(withWarnings(`Expected result of the expression '${expression}' to be '${expected}', but was '${actual}'.`, outcome.warnings));
}
