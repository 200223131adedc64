import { InputComponent } from './form-schema';
import { messages } from './messages';

/**
 * A submitted value turned into the component's type, or why it cannot be. The same input may come
 * from an HTML form post (every value a string, an unticked checkbox absent, one ticked checklist box a
 * lone string) or from a JSON body (real numbers, booleans and arrays); both end up the same.
 */
export type Coerced =
  | { ok: true; empty: boolean; value: unknown }
  | { ok: false; message: string };

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TRUE = new Set(['on', 'true', '1']);
const FALSE = new Set(['off', 'false', '0', '']);

export function coerceValue(component: InputComponent, raw: unknown): Coerced {
  switch (component.type) {
    case 'checkbox':
      return coerceBoolean(raw);
    case 'checklist':
      return coerceList(raw);
    case 'number':
      return coerceNumber(raw);
    case 'datetime':
      return coerceDate(raw);
    default:
      return coerceString(raw, component.type === 'select' || component.type === 'radio');
  }
}

function isBlank(raw: unknown): boolean {
  return raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
}

// An empty field becomes null, so the variable is still set (a later condition can test it for null).
const EMPTY: Coerced = { ok: true, empty: true, value: null };

function coerceString(raw: unknown, isOption: boolean): Coerced {
  if (isBlank(raw)) return EMPTY;
  if (typeof raw !== 'string') return { ok: false, message: isOption ? messages.notOption() : messages.notText() };
  return { ok: true, empty: false, value: raw };
}

function coerceNumber(raw: unknown): Coerced {
  if (isBlank(raw)) return EMPTY;
  let value: number;
  if (typeof raw === 'number') value = raw;
  else if (typeof raw === 'string' && NUMBER.test(raw.trim())) value = Number(raw.trim());
  else return { ok: false, message: messages.notNumber() };
  if (!Number.isFinite(value)) return { ok: false, message: messages.notNumber() };
  return { ok: true, empty: false, value };
}

function coerceBoolean(raw: unknown): Coerced {
  // An HTML form leaves an unticked checkbox out: absent means false, and false counts as empty.
  if (raw === undefined || raw === null) return { ok: true, empty: true, value: false };
  let value: boolean;
  if (typeof raw === 'boolean') value = raw;
  else if (typeof raw === 'string' && TRUE.has(raw.trim().toLowerCase())) value = true;
  else if (typeof raw === 'string' && FALSE.has(raw.trim().toLowerCase())) value = false;
  else return { ok: false, message: messages.notBoolean() };
  return { ok: true, empty: !value, value };
}

function coerceList(raw: unknown): Coerced {
  if (raw === undefined || raw === null) return { ok: true, empty: true, value: [] };
  const items = typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(items) || !items.every((item) => typeof item === 'string')) {
    return { ok: false, message: messages.notOptionList() };
  }
  const value = [...new Set(items.filter((item) => item !== ''))];
  return { ok: true, empty: value.length === 0, value };
}

function coerceDate(raw: unknown): Coerced {
  if (isBlank(raw)) return EMPTY;
  const match = typeof raw === 'string' ? DATE.exec(raw.trim()) : null;
  if (!match) return { ok: false, message: messages.notDate() };
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2027-02-30 over into March; a real calendar date survives the round trip.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return { ok: false, message: messages.notDate() };
  }
  return { ok: true, empty: false, value: match[0] };
}
