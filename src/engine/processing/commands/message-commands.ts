import type { BpmnRuntime } from '../bpmn/runtime';
import { NO_KEY } from '../../log/record';
import { correlationSlot, messageIdSlot, messageStartSlot } from '../../state/appliers/messages';
import { compareKeys } from '../../state/appliers/job';
import { correlate } from '../bpmn/message-subscriptions';
import { startInstance } from './instance-commands';
import { broadcast } from '../bpmn/signals';
import type { MessageStartSubscription, StoredMessage } from '../../state/types';
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
  correlatePublished(rt, key);
  return accept({ key });
}

/**
 * Correlates a new message: to one open subscription per process (the oldest), then to the message start
 * events of processes it has not reached yet. A message start with a correlation key is skipped while an
 * instance started with that key is still active; the message stays buffered for its time to live.
 */
function correlatePublished(rt: BpmnRuntime, messageKey: string): void {
  const state = rt.state;
  const message = state.messages.get(messageKey)!;
  const slot = correlationSlot(message.value.name, message.value.correlationKey);
  for (const subscriptionKey of [...(state.subscriptionsByCorrelation.get(slot) ?? [])].sort(compareKeys)) {
    const subscription = state.messageSubscriptions.get(subscriptionKey);
    if (!subscription || message.correlatedProcesses.includes(subscription.value.bpmnProcessId)) continue;
    correlate(rt, subscription, message);
  }
  for (const start of [...state.messageStartSubscriptions.values()].sort((a, b) => compareKeys(a.key, b.key))) {
    if (start.value.messageName === message.value.name) startByMessage(rt, start, message);
  }
}

/**
 * Starts an instance at a message start event, unless the message already reached that process or an
 * instance started with the same correlation key is still active. Returns whether it started one.
 */
function startByMessage(rt: BpmnRuntime, start: MessageStartSubscription, message: StoredMessage): boolean {
  const value = start.value;
  const correlationKey = message.value.correlationKey;
  if (message.correlatedProcesses.includes(value.bpmnProcessId)) return false;
  if (correlationKey && rt.state.activeMessageStarts.has(messageStartSlot(value.bpmnProcessId, correlationKey))) return false;
  const definition = rt.state.processes.get(value.processDefinitionKey)!;
  const processInstanceKey = rt.ctx.nextKey();
  rt.ctx.event('MESSAGE_START_EVENT_SUBSCRIPTION', 'CORRELATED', start.key, {
    ...value,
    messageKey: message.key,
    correlationKey,
    processInstanceKey,
    variables: message.value.variables,
  });
  startInstance(rt, definition, message.value.variables, value.startEventId, processInstanceKey);
  return true;
}

/**
 * When an instance that a message started with a correlation key ends, the oldest message for that key
 * that waited meanwhile (buffered for its TTL) starts the next instance, as in Zeebe.
 */
export function startFromBufferedMessage(rt: BpmnRuntime, bpmnProcessId: string, correlationKey: string): void {
  const state = rt.state;
  for (const start of [...state.messageStartSubscriptions.values()].sort((a, b) => compareKeys(a.key, b.key))) {
    if (start.value.bpmnProcessId !== bpmnProcessId) continue;
    const slot = correlationSlot(start.value.messageName, correlationKey);
    for (const messageKey of [...(state.messagesByCorrelation.get(slot) ?? [])].sort(compareKeys)) {
      const message = state.messages.get(messageKey)!;
      if (message.value.deadline <= rt.ctx.now) continue;
      if (startByMessage(rt, start, message)) return;
    }
  }
}

/**
 * A message start subscription that was just opened (its process was deployed) picks up the messages
 * buffered for its name, oldest first, as Zeebe does: each live message starts an instance, except that
 * a correlation key with an active instance waits (the message stays buffered until that instance ends).
 */
export function startFromBufferedMessages(rt: BpmnRuntime, startSubscriptionKey: string): void {
  const start = rt.state.messageStartSubscriptions.get(startSubscriptionKey);
  if (!start) return;
  const buffered = [...rt.state.messages.values()]
    .filter((message) => message.value.name === start.value.messageName && message.value.deadline > rt.ctx.now)
    .sort((a, b) => compareKeys(a.key, b.key));
  for (const message of buffered) startByMessage(rt, start, message);
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

/** BroadcastSignal: triggers every subscription of the signal's name at once; nothing is kept for later. */
export function broadcastSignal(rt: BpmnRuntime, request: { signalName: string; variables: Record<string, unknown> }): CommandOutcome {
  rt.ctx.command('SIGNAL', 'BROADCAST', NO_KEY, { ...request, tenantId: '<default>' });
  return accept({ key: broadcast(rt, request.signalName, request.variables) });
}
