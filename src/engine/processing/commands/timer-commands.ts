import type { BpmnRuntime } from '../bpmn/runtime';
import { triggerEvent } from '../bpmn/event-triggers';
import type { TimerValue } from '../../state/types';
import { nextOfCycle } from '../../feel/timer-expressions';
import { startInstance } from './instance-commands';

/**
 * Fires the timers that are due: a timer catch event completes, an interrupting timer boundary event
 * terminates its activity and is taken, a non-interrupting one is taken beside it (and, for a cycle, set
 * again), and a timer start event starts a new instance of its process (and is set again for a cycle).
 */
export function triggerDueTimers(rt: BpmnRuntime, limit: number): void {
  const ctx = rt.ctx;
  for (const key of ctx.state.timerDueDates.due(ctx.now, limit)) {
    const timer = ctx.state.timers.get(key);
    if (!timer) continue;
    const value = timer.value;
    ctx.command('TIMER', 'TRIGGER', key, value);
    ctx.event('TIMER', 'TRIGGERED', key, value);
    if (value.elementInstanceKey === '-1') {
      startByTimer(rt, value);
      continue;
    }
    const instance = ctx.state.elementInstances.get(value.elementInstanceKey);
    if (!instance || instance.state !== 'ELEMENT_ACTIVATED') continue;
    const event = rt.modelOf(instance).elements.get(value.targetElementId)!;
    // A non-interrupting boundary or event sub-process timer with a cycle is set again before it fires.
    if (event.cancelActivity === false) repeat(rt, value, event.timer!.text, rt.state.visibleVariables(instance.key));
    triggerEvent(rt, instance, event, {});
  }
}

function startByTimer(rt: BpmnRuntime, value: TimerValue): void {
  const definition = rt.state.processes.get(value.processDefinitionKey);
  if (!definition) return;
  startInstance(rt, definition, {}, value.targetElementId);
  const event = rt.state.model(definition.key).elements.get(value.targetElementId)!;
  if (event.timer!.kind === 'cycle') repeat(rt, value, event.timer!.text, {});
}

/** Sets a cycle's timer again for its next due date, while repetitions remain. */
function repeat(rt: BpmnRuntime, value: TimerValue, text: string, variables: Record<string, unknown>): void {
  if (value.repetitions === 0) return;
  const dueDate = nextOfCycle(text, value.dueDate, variables, rt.ctx.now);
  if (dueDate === undefined) return;
  rt.ctx.event('TIMER', 'CREATED', rt.ctx.nextKey(), {
    ...value,
    dueDate,
    repetitions: value.repetitions < 0 ? -1 : value.repetitions - 1,
  });
}
