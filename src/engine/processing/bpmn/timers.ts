import type { ElementModel } from '../../model/model';
import type { ElementInstance, TimerValue } from '../../state/types';
import { evaluateTimer } from '../../feel/timer-expressions';
import type { BpmnRuntime } from './runtime';
import { eventSubProcessStarts } from './event-triggers';
import type { Failure } from './failure';

/**
 * The timers an element waits for while it is active: its own (a timer intermediate catch event) and
 * those of its timer boundary events. Evaluated while the element is activating, so that a bad expression
 * becomes an incident before anything waits.
 */
export function planTimers(rt: BpmnRuntime, instance: ElementInstance, element: ElementModel): TimerValue[] | Failure {
  const model = rt.modelOf(instance);
  // A timer start or boundary event is itself only the target of a timer that belonged to someone else.
  const own = ownEvents(rt, instance, element);
  const events = [...own, ...element.boundaryEventIds.map((id) => model.elements.get(id)!)].filter((e) => e.timer);
  if (events.length === 0) return [];
  const variables = rt.state.visibleVariables(instance.key);
  const timers: TimerValue[] = [];
  for (const event of events) {
    const schedule = evaluateTimer(event.timer!.kind, event.timer!.text, variables, rt.ctx.now);
    if (!schedule.ok) return { errorType: 'EXTRACT_VALUE_ERROR', message: schedule.message };
    timers.push({
      elementInstanceKey: instance.key,
      processInstanceKey: instance.value.processInstanceKey,
      processDefinitionKey: instance.value.processDefinitionKey,
      targetElementId: event.id,
      dueDate: schedule.dueDate,
      repetitions: schedule.repetitions,
      tenantId: instance.value.tenantId,
    });
  }
  return timers;
}

/**
 * The events an element itself waits for: a catch event its own, an event-based gateway the catch events
 * after it. (A catch event reached through a triggered gateway has already happened and waits for nothing.)
 */
export function ownEvents(rt: BpmnRuntime, instance: ElementInstance, element: ElementModel): ElementModel[] {
  // A scope listens for the start events of its event sub-processes while it is active (errors and
  // escalations are thrown to it instead).
  const starts =
    element.type === 'MULTI_INSTANCE_BODY'
      ? []
      : eventSubProcessStarts(rt, instance).filter((e) => e.eventType !== 'ERROR' && e.eventType !== 'ESCALATION');
  if (starts.length > 0) return starts;
  if (element.type === 'EVENT_BASED_GATEWAY') return element.outgoing.map((flow) => rt.modelOf(instance).elements.get(flow.targetId)!);
  if ((element.type === 'INTERMEDIATE_CATCH_EVENT' || element.type === 'RECEIVE_TASK') && !rt.wasTriggered(instance)) return [element];
  return [];
}

export function openTimers(rt: BpmnRuntime, timers: TimerValue[]): void {
  for (const timer of timers) rt.ctx.event('TIMER', 'CREATED', rt.ctx.nextKey(), timer);
}

/** Closes the timers of an element instance that is leaving (or of a definition's start events). */
export function cancelTimers(rt: BpmnRuntime, owner: string): void {
  for (const timer of rt.state.timersOf(owner)) rt.ctx.event('TIMER', 'CANCELED', timer.key, timer.value);
}
