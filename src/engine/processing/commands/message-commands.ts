import type { BpmnRuntime } from '../bpmn/runtime';
import { NO_KEY } from '../../log/record';
import { messageIdSlot } from '../../state/appliers/others';
import { accept, reject, type CommandOutcome } from './outcome';

export interface PublishRequest {
  name: string;
  correlationKey: string;
  timeToLive: number;
  messageId: string;
  variables: Record<string, unknown>;
}

/** Stores a message for its time to live; a messageId may be used once while its message lives. */
export function publishMessage(rt: BpmnRuntime, request: PublishRequest): CommandOutcome {
  const ctx = rt.ctx;
  const value = { ...request, deadline: -1, tenantId: '<default>' };
  const command = ctx.command('MESSAGE', 'PUBLISH', NO_KEY, value);
  if (request.messageId && ctx.state.messageIds.has(messageIdSlot(request))) {
    return reject(
      ctx,
      command,
      'ALREADY_EXISTS',
      `Expected to publish a new message with id '${request.messageId}', but a message with that id was already published`,
    );
  }
  const key = ctx.nextKey();
  ctx.event('MESSAGE', 'PUBLISHED', key, { ...value, deadline: ctx.now + Math.max(0, request.timeToLive) });
  return accept({ key });
}

export function expireMessages(rt: BpmnRuntime, limit: number): void {
  const ctx = rt.ctx;
  for (const key of ctx.state.messageExpiries.due(ctx.now, limit)) {
    const message = ctx.state.messages.get(key);
    if (!message) continue;
    ctx.command('MESSAGE', 'EXPIRE', key, {});
    ctx.event('MESSAGE', 'EXPIRED', key, message.value);
  }
}
