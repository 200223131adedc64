/**
 * Money as integer fen (BigInt) inside the rules and as decimal yuan strings ("1200000.00") everywhere
 * else: process variables, forms and the database. Floating point never decides a comparison or a sum.
 */

/**
 * Yuan amounts as whole fen (cents) in a bigint, so comparisons never go through floating point.
 * Accepts numbers (from forms) and decimal strings (from the database); returns null for anything else.
 */
export function toFen(amount: unknown): bigint | null {
  const text = typeof amount === 'number' ? (Number.isFinite(amount) ? amount.toFixed(2) : '') : typeof amount === 'string' ? amount.trim() : '';
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return null;
  return BigInt(match[1]) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
}

const YUAN = /^(\d{1,14})(?:\.(\d{1,2}))?$/;

/** Strictly an amount: a decimal string with at most two places, or whole yuan as a safe integer. */
export function isYuan(value: unknown): boolean {
  return (typeof value === 'string' && YUAN.test(value.trim())) || (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0);
}

/** "1234.5" → 123450n fen; anything that is not strictly an amount is a programmer error here. */
export function fenOf(value: unknown): bigint {
  const fen = isYuan(value) ? toFen(value) : null;
  if (fen === null) throw new Error(`Expected an amount in yuan such as "1200000.00", but got ${JSON.stringify(value)}`);
  return fen;
}

/** 123450n → "1234.50". */
export function toYuan(fen: bigint): string {
  const sign = fen < 0n ? '-' : '';
  const abs = fen < 0n ? -fen : fen;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}
