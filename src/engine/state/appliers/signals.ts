import type { LogRecord } from '../../log/record';
import type { EngineState } from '../engine-state';
import type { SignalSubscriptionValue } from '../types';

type Applier = (state: EngineState, record: LogRecord) => void;

/** Start events listen for their process definition; the others for the element instance that waits. */
export function signalOwner(value: SignalSubscriptionValue): string {
  return value.catchEventInstanceKey === '-1' ? `definition:${value.processDefinitionKey}` : value.catchEventInstanceKey;
}

function index(map: Map<string, Set<string>>, slot: string): Set<string> {
  let keys = map.get(slot);
  if (!keys) map.set(slot, (keys = new Set()));
  return keys;
}

export function addSignalSubscription(state: EngineState, key: string, value: SignalSubscriptionValue): void {
  state.signalSubscriptions.set(key, { key, value });
  index(state.signalSubscriptionsByName, value.signalName).add(key);
  index(state.signalSubscriptionsByOwner, signalOwner(value)).add(key);
}

function removeSignalSubscription(state: EngineState, key: string): void {
  const subscription = state.signalSubscriptions.get(key);
  if (!subscription) return;
  state.signalSubscriptions.delete(key);
  for (const [map, slot] of [
    [state.signalSubscriptionsByName, subscription.value.signalName],
    [state.signalSubscriptionsByOwner, signalOwner(subscription.value)],
  ] as const) {
    map.get(slot)?.delete(key);
    if (map.get(slot)?.size === 0) map.delete(slot);
  }
}

export const signalSubscriptionAppliers: Record<string, Applier> = {
  CREATED: (state, record) => addSignalSubscription(state, record.key, record.value as unknown as SignalSubscriptionValue),
  DELETED: (state, record) => removeSignalSubscription(state, record.key),
};
