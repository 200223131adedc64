/** The outcome of evaluating an expression or attribute. Expected failures are values, never exceptions. */
export type FeelResult = { ok: true; value: unknown } | { ok: false; message: string };

export const success = (value: unknown): FeelResult => ({ ok: true, value });

export const failure = (message: string): FeelResult => ({ ok: false, message });
