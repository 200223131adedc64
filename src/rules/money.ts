/**
 * Money as integer fen (BigInt) inside the rules and as decimal yuan strings ("1200000.00") everywhere
 * else: process variables, forms and the database. Floating point never touches an amount.
 */
const YUAN = /^(\d{1,14})(?:\.(\d{1,2}))?$/;

export function isYuan(value: unknown): boolean {
  return (typeof value === 'string' && YUAN.test(value.trim())) || (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0);
}

/** "1234.5" → 123450n fen. Whole-yuan integers are accepted too (forms and JSON may carry them). */
export function toFen(value: unknown): bigint {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value) * 100n;
  const match = typeof value === 'string' ? YUAN.exec(value.trim()) : null;
  if (!match) throw new Error(`Expected an amount in yuan such as "1200000.00", but got ${JSON.stringify(value)}`);
  return BigInt(match[1]) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
}

/** 123450n → "1234.50". */
export function toYuan(fen: bigint): string {
  const sign = fen < 0n ? '-' : '';
  const abs = fen < 0n ? -fen : fen;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}
