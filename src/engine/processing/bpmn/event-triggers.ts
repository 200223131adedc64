import type { ElementModel } from '../../model/model';
import type { ElementInstance } from '../../state/types';
import type { BpmnRuntime } from './runtime';
import { closeSubscriptions } from './message-subscriptions';
import { closeSignals } from './signals';

/**
 * An event that `owner` was waiting for happened (a timer fired, a message or signal arrived): after an
 * event-based gateway the gateway decides; an event sub-process start runs its sub-process; the owner's
 * own catch event or receive task completes with the event's variables (kept local when it maps them);
 * anything else is one of the owner's boundary events.
 */
export function triggerEvent(rt: BpmnRuntime, owner: ElementInstance, event: ElementModel, variables: Record<string, unknown>): void {
  if (owner.value.bpmnElementType === 'EVENT_BASED_GATEWAY') return triggerEventGateway(rt, owner, event, variables);
  if (event.type === 'START_EVENT') return triggerEventSubProcess(rt, owner, event, variables);
  if (event.id !== owner.value.elementId) return takeBoundary(rt, owner, event, variables);
  rt.complete(owner, () => {
    if (event.outputs.length > 0) rt.variables.setLocal(owner, variables);
    else rt.variables.propagate(owner, variables);
  });
}

/**
 * One of the events after an event-based gateway happened: the gateway completes, taking only the flow
 * to that event, and the event is then passed through with the message's variables (if any).
 */
export function triggerEventGateway(rt: BpmnRuntime, gateway: ElementInstance, event: ElementModel, variables: Record<string, unknown>): void {
  const flow = rt.elementOf(gateway).outgoing.find((f) => f.targetId === event.id)!;
  rt.chooseFlows(gateway.key, [flow]);
  rt.markTriggered(gateway.value.flowScopeKey, event.id, variables);
  rt.complete(gateway);
}

/**
 * The start event of one of a scope's event sub-processes happened: an interrupting one first ends
 * everything else in the scope (and the scope's other event sub-process triggers); the event sub-process
 * then runs inside the scope, starting at that event, with the event's variables.
 */
export function triggerEventSubProcess(rt: BpmnRuntime, scope: ElementInstance, startEvent: ElementModel, variables: Record<string, unknown>): void {
  const model = rt.modelOf(scope);
  const eventSubProcess = model.elements.get(startEvent.flowScopeId)!;
  if (startEvent.cancelActivity !== false) {
    const starts = new Set(rt.elementOf(scope).eventSubProcessIds ?? []);
    const isTrigger = (targetId: string) => starts.has(model.elements.get(targetId)?.flowScopeId ?? '');
    for (const timer of rt.state.timersOf(scope.key)) {
      if (isTrigger(timer.value.targetElementId)) rt.ctx.event('TIMER', 'CANCELED', timer.key, timer.value);
    }
    closeSubscriptions(rt, scope.key, (subscription) => isTrigger(subscription.elementId));
    closeSignals(rt, scope.key, (subscription) => isTrigger(subscription.catchEventId));
    for (const child of rt.state.childrenOf(scope.key)) rt.terminate(child);
  }
  const instance = rt.activate(eventSubProcess, scope.value, scope.key);
  if (Object.keys(variables).length > 0) rt.variables.propagate(instance, variables);
  rt.startAt(instance.key, startEvent.id);
  rt.scheduleActivation(instance);
}

/**
 * Takes a boundary event of an active element: an interrupting one terminates the element first. The
 * event's variables (an error's or a message's) go to the event when it maps them, else into the process.
 */
export function takeBoundary(rt: BpmnRuntime, host: ElementInstance, boundary: ElementModel, variables: Record<string, unknown>): void {
  const base = host.value;
  if (boundary.cancelActivity !== false) rt.terminate(host);
  const caught = rt.activate(boundary, base, base.flowScopeKey);
  if (Object.keys(variables).length > 0) {
    if (boundary.outputs.length > 0) rt.variables.setLocal(caught, variables);
    else rt.variables.propagate(caught, variables);
  }
  rt.scheduleActivation(caught);
}

/** The start events of a scope's event sub-processes (none for a multi-instance body: they belong to its iterations). */
export function eventSubProcessStarts(rt: BpmnRuntime, scope: ElementInstance): ElementModel[] {
  if (scope.value.bpmnElementType === 'MULTI_INSTANCE_BODY') return [];
  const model = rt.modelOf(scope);
  return (rt.elementOf(scope).eventSubProcessIds ?? []).map((id) => model.elements.get(model.elements.get(id)!.startEventId!)!);
}
