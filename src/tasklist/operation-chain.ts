import { createHash } from 'node:crypto';

/**
 * What of an operation-log row is hashed. `at` is milliseconds since the epoch (what a JS Date holds) and the
 * detail is hashed as canonical JSON (keys sorted): it is stored as jsonb, which keeps no key order, so the
 * text that was inserted cannot be read back, but its canonical form can.
 */
export interface ChainedOperationContent {
  position: number;
  at: number;
  username: string;
  action: string;
  taskId: string | null;
  processInstanceKey: string | null;
  /** The newest engine record the operation's transaction saw; null for rows from before the chain. */
  enginePosition: number | null;
  detail: unknown;
}

/**
 * The operation's content as one digest. The operation log has its own chain beside the engine's (see
 * src/history/checkpoint.ts for why two chains and how a checkpoint binds them): hash = linkHash(previous
 * row's hash, this digest), with the same link function as engine records, so one verifier walks both.
 */
export function operationContentDigest(content: ChainedOperationContent): string {
  return createHash('sha256')
    .update(
      canonicalJson([
        content.position,
        content.at,
        content.username,
        content.action,
        content.taskId,
        content.processInstanceKey,
        content.enginePosition,
        content.detail,
      ]),
    )
    .digest('hex');
}

/** JSON with every object's keys sorted, so equal values give equal text whatever order they were built in. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  const entries = Object.keys(value)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}
