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
