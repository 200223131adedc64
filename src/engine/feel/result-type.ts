import { FeelDate, FeelDateTime, FeelDuration } from 'feelin';
import { isContext } from './context-value';

/** Zeebe's name for the type of a FEEL result, as it appears in "Expected result … to be 'X', but was 'Y'." */
export function resultTypeOf(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return 'BOOLEAN';
  if (typeof value === 'number') return 'NUMBER';
  if (typeof value === 'string') return 'STRING';
  if (Array.isArray(value)) return 'ARRAY';
  if (isContext(value)) return 'OBJECT';
  if (value instanceof FeelDuration) return value.yearsMonths ? 'PERIOD' : 'DURATION';
  if (value instanceof FeelDateTime) return 'DATE_TIME';
  if (value instanceof FeelDate) return 'DATE';
  return 'UNKNOWN';
}
