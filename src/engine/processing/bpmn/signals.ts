import type { ElementModel } from '../../model/model';
import type { ElementInstance, SignalSubscriptionValue } from '../../state/types';
import { evaluateString } from '../../feel/expression';
import { compareKeys } from '../../state/appliers/job';
import { NO_KEY } from '../../log/record';
import { startInstance } from '../commands/instance-commands';
import { ownEvents } from './timers';
import type { BpmnRuntime } from './runtime';
import { triggerEvent } from './event-triggers';
import type { Failure } from './failure';

/** The signal subscriptions an element holds while active: its own catch event (or gateway targets) and its boundary events. */
export function planSignals(rt: BpmnRuntime, instance: ElementInstance, element: ElementModel): SignalSubscriptionValue[] | Failure {
  const model = rt.modelOf(instance);
  const events = [...ownEvents(rt, instance, element), ...element.boundaryEventIds.map((id) => model.elements.get(id)!)].filter(
    (e) => e.signalName && e.type !== 'INTERMEDIATE_THROW_EVENT' && e.type !== 'END_EVENT',
  );
  const subscriptions: SignalSubscriptionValue[] = [];
  for (const event of events) {
    const name = evaluateString(event.signalName!, rt.state.visibleVariables(instance.key), { now: () => rt.ctx.now });
    if (!name.ok) return { errorType: 'EXTRACT_VALUE_ERROR', message: name.message };
    subscriptions.push({
      signalName: String(name.value),
      processDefinitionKey: instance.value.processDefinitionKey,
      bpmnProcessId: instance.value.bpmnProcessId,
      catchEventId: event.id,
      catchEventInstanceKey: instance.key,
      tenantId: instance.value.tenantId,
    });
  }
  return subscriptions;
}

export function openSignals(rt: BpmnRuntime, subscriptions: SignalSubscriptionValue[]): void {
  for (const value of subscriptions) rt.ctx.event('SIGNAL_SUBSCRIPTION', 'CREATED', rt.ctx.nextKey(), value);
}

export function closeSignals(rt: BpmnRuntime, owner: string, only: (subscription: SignalSubscriptionValue) => boolean = () => true): void {
  for (const key of [...(rt.state.signalSubscriptionsByOwner.get(owner) ?? [])]) {
    if (!only(rt.state.signalSubscriptions.get(key)!.value)) continue;
    rt.ctx.event('SIGNAL_SUBSCRIPTION', 'DELETED', key, rt.state.signalSubscriptions.get(key)!.value);
  }
}

/** A signal start event of a newly deployed version replaces those of the versions before it. */
export function replaceSignalStarts(rt: BpmnRuntime, processDefinitionKey: string, bpmnProcessId: string): void {
  for (const previous of rt.state.processVersions.get(bpmnProcessId) ?? []) {
    if (previous.key !== processDefinitionKey) closeSignals(rt, `definition:${previous.key}`);
  }
  const model = rt.state.model(processDefinitionKey);
  for (const id of model.elements.get(model.bpmnProcessId)!.signalStartEventIds ?? []) {
    rt.ctx.event('SIGNAL_SUBSCRIPTION', 'CREATED', rt.ctx.nextKey(), {
      signalName: model.elements.get(id)!.signalName!,
      processDefinitionKey,
      bpmnProcessId,
      catchEventId: id,
      catchEventInstanceKey: NO_KEY,
      tenantId: '<default>',
    });
  }
}

/**
 * Broadcasts a signal: every subscription of that name is triggered at once (start events start new
 * instances, catch events complete, boundary events are taken). A signal is not buffered.
 */
export function broadcast(rt: BpmnRuntime, signalName: string, variables: Record<string, unknown>): string {
  const key = rt.ctx.nextKey();
  rt.ctx.event('SIGNAL', 'BROADCASTED', key, { signalName, variables, tenantId: '<default>' });
  const keys = [...(rt.state.signalSubscriptionsByName.get(signalName) ?? [])].sort(compareKeys);
  for (const subscriptionKey of keys) {
    const subscription = rt.state.signalSubscriptions.get(subscriptionKey);
    if (!subscription) continue;
    const value = subscription.value;
    if (value.catchEventInstanceKey === NO_KEY) {
      const definition = rt.state.processes.get(value.processDefinitionKey);
      if (definition) startInstance(rt, definition, variables, value.catchEventId);
      continue;
    }
    const instance = rt.state.elementInstances.get(value.catchEventInstanceKey);
    if (!instance || instance.state !== 'ELEMENT_ACTIVATED') continue;
    triggerEvent(rt, instance, rt.modelOf(instance).elements.get(value.catchEventId)!, variables);
  }
  return key;
}
