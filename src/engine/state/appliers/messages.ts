import type { LogRecord } from '../../log/record';
import type { EngineState } from '../engine-state';
import type { MessageStartSubscriptionValue, MessageSubscriptionValue, MessageValue, StoredMessage } from '../types';

type Applier = (state: EngineState, record: LogRecord) => void;

export function messageIdSlot(value: { name: string; correlationKey: string; messageId: string }): string {
  return JSON.stringify([value.name, value.correlationKey, value.messageId]);
}

export function correlationSlot(name: string, correlationKey: string): string {
  return JSON.stringify([name, correlationKey]);
}

function addToIndex(index: Map<string, Set<string>>, slot: string, key: string): void {
  let keys = index.get(slot);
  if (!keys) index.set(slot, (keys = new Set()));
  keys.add(key);
}

function removeFromIndex(index: Map<string, Set<string>>, slot: string, key: string): void {
  const keys = index.get(slot);
  keys?.delete(key);
  if (keys && keys.size === 0) index.delete(slot);
}

/** Adds a stored message with its derived indexes (also used when loading a snapshot). */
export function addMessage(state: EngineState, message: StoredMessage): void {
  state.messages.set(message.key, message);
  if (message.value.messageId) state.messageIds.set(messageIdSlot(message.value), message.key);
  state.messageExpiries.set(message.key, message.value.deadline);
  addToIndex(state.messagesByCorrelation, correlationSlot(message.value.name, message.value.correlationKey), message.key);
}

export function addSubscription(state: EngineState, key: string, value: MessageSubscriptionValue): void {
  state.messageSubscriptions.set(key, { key, value });
  addToIndex(state.subscriptionsByCorrelation, correlationSlot(value.messageName, value.correlationKey), key);
  addToIndex(state.subscriptionsByElement, value.elementInstanceKey, key);
}

function removeSubscription(state: EngineState, key: string): void {
  const subscription = state.messageSubscriptions.get(key);
  if (!subscription) return;
  state.messageSubscriptions.delete(key);
  removeFromIndex(state.subscriptionsByCorrelation, correlationSlot(subscription.value.messageName, subscription.value.correlationKey), key);
  removeFromIndex(state.subscriptionsByElement, subscription.value.elementInstanceKey, key);
}

/** A message is correlated at most once to each process (bpmnProcessId). */
function markCorrelated(state: EngineState, messageKey: string, bpmnProcessId: string): void {
  const message = state.messages.get(messageKey);
  if (message && !message.correlatedProcesses.includes(bpmnProcessId)) message.correlatedProcesses.push(bpmnProcessId);
}

export function messageStartSlot(bpmnProcessId: string, correlationKey: string): string {
  return JSON.stringify([bpmnProcessId, correlationKey]);
}

export const messageAppliers: Record<string, Applier> = {
  PUBLISHED: (state, record) => addMessage(state, { key: record.key, value: record.value as unknown as MessageValue, correlatedProcesses: [] }),
  EXPIRED: (state, record) => {
    const message = state.messages.get(record.key);
    if (!message) return;
    state.messages.delete(record.key);
    state.messageExpiries.delete(record.key);
    if (message.value.messageId) state.messageIds.delete(messageIdSlot(message.value));
    removeFromIndex(state.messagesByCorrelation, correlationSlot(message.value.name, message.value.correlationKey), record.key);
  },
};

export const processMessageSubscriptionAppliers: Record<string, Applier> = {
  CREATED: (state, record) => addSubscription(state, record.key, record.value as unknown as MessageSubscriptionValue),
  // A non-interrupting boundary event keeps listening after a message; everything else stops.
  CORRELATED: (state, record) => {
    if ((record.value as unknown as MessageSubscriptionValue).interrupting) removeSubscription(state, record.key);
  },
  DELETED: (state, record) => removeSubscription(state, record.key),
};

export const messageSubscriptionAppliers: Record<string, Applier> = {
  CORRELATED: (state, record) => {
    const value = record.value as unknown as MessageSubscriptionValue;
    markCorrelated(state, value.messageKey, value.bpmnProcessId);
  },
};

export const messageStartSubscriptionAppliers: Record<string, Applier> = {
  CREATED: (state, record) => {
    state.messageStartSubscriptions.set(record.key, { key: record.key, value: record.value as unknown as MessageStartSubscriptionValue });
  },
  DELETED: (state, record) => {
    state.messageStartSubscriptions.delete(record.key);
  },
  CORRELATED: (state, record) => {
    const value = record.value as unknown as MessageStartSubscriptionValue;
    markCorrelated(state, value.messageKey, value.bpmnProcessId);
    if (value.correlationKey) state.activeMessageStarts.set(messageStartSlot(value.bpmnProcessId, value.correlationKey), value.processInstanceKey);
  },
};
