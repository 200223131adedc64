import type { LogRecord, RejectionType } from '../../log/record';
import type { ProcessingContext } from '../context';

export type CommandOutcome =
  | { ok: true; response: unknown }
  | { ok: false; intent: string; rejectionType: RejectionType; reason: string };

/** Writes the rejection of a command to the log and returns it for the caller. */
export function reject(ctx: ProcessingContext, command: LogRecord, rejectionType: RejectionType, reason: string): CommandOutcome {
  ctx.rejection(command, rejectionType, reason);
  return { ok: false, intent: command.intent, rejectionType, reason };
}

export function accept(response: unknown = {}): CommandOutcome {
  return { ok: true, response };
}
