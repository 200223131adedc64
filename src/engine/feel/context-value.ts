/** Whether a value is a FEEL context, which feelin represents as a plain object. */
export function isContext(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;
}
