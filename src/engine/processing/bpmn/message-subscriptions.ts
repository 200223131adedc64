import type { ElementModel } from '../../model/model';
import type { ElementInstance, MessageSubscription, MessageSubscriptionValue, StoredMessage } from '../../state/types';
import { evaluateAttribute, evaluateString } from '../../feel/expression';
import { correlationSlot } from '../../state/appliers/messages';
import { compareKeys } from '../../state/appliers/job';
import type { BpmnRuntime } from './runtime';
import { triggerEvent } from './event-triggers';
import type { Failure } from './failure';
import { ownEvents } from './timers';

/**
 * The message subscriptions an element holds while it is active: its own (a message catch event or a
 * receive task) and those of its message boundary events. Names and correlation keys are evaluated while
 * the element activates; a key that is not a string or a number is an incident, as in Zeebe.
 */
export function planSubscriptions(rt: BpmnRuntime, instance: ElementInstance, element: ElementModel): MessageSubscriptionValue[] | Failure {
  const model = rt.modelOf(instance);
  const own = ownEvents(rt, instance, element);
  const events = [...own, ...element.boundaryEventIds.map((id) => model.elements.get(id)!)].filter((e) => e.message);
  if (events.length === 0) return [];
  const variables = rt.state.visibleVariables(instance.key);
  const options = { now: () => rt.ctx.now };
  const subscriptions: MessageSubscriptionValue[] = [];
  for (const event of events) {
    const name = evaluateString(event.message!.name, variables, options);
    if (!name.ok) return { errorType: 'EXTRACT_VALUE_ERROR', message: name.message };
    const key = evaluateAttribute(event.message!.correlationKey ?? '', variables, options);
    if (!key.ok) return { errorType: 'EXTRACT_VALUE_ERROR', message: key.message };
    if (typeof key.value !== 'string' && typeof key.value !== 'number') {
      const kind = key.value === null ? 'NULL' : Array.isArray(key.value) ? 'ARRAY' : typeof key.value === 'object' ? 'OBJECT' : String(typeof key.value).toUpperCase();
      const expression = (event.message!.correlationKey ?? '').replace(/^=/, '');
      return {
        errorType: 'EXTRACT_VALUE_ERROR',
        message: `Failed to extract the correlation key for '${expression}': The value must be either a string or a number, but was '${kind}'.`,
      };
    }
    subscriptions.push({
      processInstanceKey: instance.value.processInstanceKey,
      elementInstanceKey: instance.key,
      processDefinitionKey: instance.value.processDefinitionKey,
      bpmnProcessId: instance.value.bpmnProcessId,
      elementId: event.id,
      messageName: String(name.value),
      // Zeebe turns a number key into its whole part (12.75 correlates as '12').
      correlationKey: typeof key.value === 'number' ? String(Math.trunc(key.value)) : key.value,
      interrupting: event.cancelActivity !== false,
      messageKey: '-1',
      variables: {},
      tenantId: instance.value.tenantId,
    });
  }
  return subscriptions;
}

/** Opens the subscriptions; a buffered message that matches is correlated once the element has activated. */
export function openSubscriptions(rt: BpmnRuntime, subscriptions: MessageSubscriptionValue[]): void {
  for (const value of subscriptions) {
    const key = rt.ctx.nextKey();
    rt.ctx.event('PROCESS_MESSAGE_SUBSCRIPTION', 'CREATED', key, value);
    rt.ctx.event('MESSAGE_SUBSCRIPTION', 'CREATED', key, value);
    rt.later(() => correlateBuffered(rt, key));
  }
}

export function closeSubscriptions(
  rt: BpmnRuntime,
  elementInstanceKey: string,
  only: (subscription: MessageSubscriptionValue) => boolean = () => true,
): void {
  for (const key of [...(rt.state.subscriptionsByElement.get(elementInstanceKey) ?? [])]) {
    const subscription = rt.state.messageSubscriptions.get(key)!;
    if (!only(subscription.value)) continue;
    rt.ctx.event('PROCESS_MESSAGE_SUBSCRIPTION', 'DELETED', key, subscription.value);
    rt.ctx.event('MESSAGE_SUBSCRIPTION', 'DELETED', key, subscription.value);
  }
}

/** A message still alive, not yet correlated to this process, with the subscription's name and key. */
function correlateBuffered(rt: BpmnRuntime, subscriptionKey: string): void {
  const subscription = rt.state.messageSubscriptions.get(subscriptionKey);
  if (!subscription) return;
  const slot = correlationSlot(subscription.value.messageName, subscription.value.correlationKey);
  const candidates = [...(rt.state.messagesByCorrelation.get(slot) ?? [])].sort(compareKeys);
  for (const messageKey of candidates) {
    const message = rt.state.messages.get(messageKey)!;
    if (message.value.deadline <= rt.ctx.now) continue;
    if (message.correlatedProcesses.includes(subscription.value.bpmnProcessId)) continue;
    correlate(rt, subscription, message);
    return;
  }
}

/**
 * Correlates a message to an open subscription: the catch event or receive task completes with the
 * message's variables; a boundary event is taken (interrupting its activity or beside it).
 */
export function correlate(rt: BpmnRuntime, subscription: MessageSubscription, message: StoredMessage): boolean {
  const instance = rt.state.elementInstances.get(subscription.value.elementInstanceKey);
  if (!instance || instance.state !== 'ELEMENT_ACTIVATED') return false;
  const value = { ...subscription.value, messageKey: message.key, variables: message.value.variables };
  rt.ctx.event('MESSAGE_SUBSCRIPTION', 'CORRELATED', subscription.key, value);
  rt.ctx.event('PROCESS_MESSAGE_SUBSCRIPTION', 'CORRELATED', subscription.key, value);
  triggerEvent(rt, instance, rt.modelOf(instance).elements.get(subscription.value.elementId)!, message.value.variables);
  return true;
}
