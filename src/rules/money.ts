/**
 * Money as integer fen (BigInt) inside the rules and as decimal yuan strings ("1200000.00") everywhere
 * else: process variables, forms and the database. Floating point never decides a comparison or a sum, and
 * a JavaScript number is never taken for an amount: 0.1 + 0.2 is not 0.3, and a float that looks whole may
 * already have lost its fen.
 */

/** At most 14 digits of yuan (the database's numeric(16, 2)) and at most two places of fen. */
const YUAN = /^(\d{1,14})(?:\.(\d{1,2}))?$/;

/** Strictly an amount: a decimal string of yuan with at most two places. Numbers are refused. */
export function isYuan(value: unknown): boolean {
  return typeof value === 'string' && YUAN.test(value.trim());
}

/** "1234.5" → 123450n fen; anything that is not strictly an amount is a programmer error here. */
export function fenOf(value: unknown): bigint {
  const match = typeof value === 'string' ? YUAN.exec(value.trim()) : null;
  if (!match) throw new Error(`Expected an amount in yuan as a decimal string such as "1200000.00", but got ${JSON.stringify(value)}`);
  return BigInt(match[1]) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
}

/** 123450n → "1234.50". */
export function toYuan(fen: bigint): string {
  const sign = fen < 0n ? '-' : '';
  const abs = fen < 0n ? -fen : fen;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** An amount as the canonical yuan string with two places ("7" → "7.00"), or null when it is none. */
export function normalYuan(value: unknown): string | null {
  return isYuan(value) ? toYuan(fenOf(value)) : null;
}
