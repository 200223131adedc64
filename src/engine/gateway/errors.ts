import { status } from '@grpc/grpc-js';
import type { CallError } from './grpc-server';
import type { CommandOutcome } from '../processing/commands/outcome';
import { EngineError } from '../engine';

const REJECTION_STATUS: Record<string, status> = {
  INVALID_ARGUMENT: status.INVALID_ARGUMENT,
  NOT_FOUND: status.NOT_FOUND,
  ALREADY_EXISTS: status.ALREADY_EXISTS,
  INVALID_STATE: status.FAILED_PRECONDITION,
  PROCESSING_ERROR: status.INTERNAL,
};

/** An error the gateway answers with: a gRPC status and the text the real gateway would give. */
export class GatewayError extends Error {
  constructor(
    readonly code: status,
    message: string,
  ) {
    super(message);
  }
}

/** The status a call that failed with this error ends with. */
export function toCallError(error: unknown): CallError {
  if (error instanceof GatewayError) return { code: error.code, details: error.message };
  if (error instanceof EngineError) {
    const code = { RESOURCE_EXHAUSTED: status.RESOURCE_EXHAUSTED, UNAVAILABLE: status.UNAVAILABLE, INTERNAL: status.INTERNAL }[error.code];
    return { code, details: error.message };
  }
  return { code: status.INTERNAL, details: `Unexpected error: ${(error as Error)?.message ?? String(error)}` };
}

/** The response of an accepted command, or the rejection as the gateway words it. */
export function responseOf<T>(outcome: CommandOutcome): T {
  if (outcome.ok) return outcome.response as T;
  throw new GatewayError(
    REJECTION_STATUS[outcome.rejectionType] ?? status.UNKNOWN,
    `Command '${outcome.intent}' rejected with code '${outcome.rejectionType}': ${outcome.reason}`,
  );
}

/**
 * A variables document must be a JSON object; an empty string counts as {}. Anything else is refused here,
 * before it reaches the engine, as the real gateway does.
 */
export function parseVariables(text: string | undefined, property = 'variables'): Record<string, unknown> {
  if (text === undefined || text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new GatewayError(status.INVALID_ARGUMENT, `Property '${property}' is invalid: Invalid JSON value: ${truncate(text)} (${(error as Error).message})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new GatewayError(
      status.INVALID_ARGUMENT,
      `Property '${property}' is invalid: Expected document to be a root level object, but was '${jsonKind(value)}'`,
    );
  }
  return value as Record<string, unknown>;
}

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'ARRAY';
  if (value === null) return 'NIL';
  if (typeof value === 'number') return Number.isInteger(value) ? 'INTEGER' : 'FLOAT';
  if (typeof value === 'boolean') return 'BOOLEAN';
  return 'STRING';
}

function truncate(text: string): string {
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}

/** Keys arrive as decimal strings (int64); normalised so that the state's lookups match them. */
export function keyOf(value: unknown): string {
  const text = String(value ?? '');
  return /^-?\d+$/.test(text) ? BigInt(text).toString() : text;
}
