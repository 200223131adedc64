import type { ElementModel } from '../../model/model';
import type { ElementInstance } from '../../state/types';
import type { BpmnRuntime } from './runtime';
import { eventSubProcessStarts, takeBoundary, triggerEventSubProcess } from './event-triggers';

/**
 * Throws an escalation: the nearest enclosing scope with an escalation event sub-process or an activity
 * with an escalation boundary event for the code (or for every code) catches it. An interrupting catch
 * ends the thrower's scope; a non-interrupting one runs beside it. Nothing catching it is no fault: the
 * instance goes on (ESCALATION NOT_ESCALATED is recorded).
 */
export function throwEscalation(rt: BpmnRuntime, from: ElementInstance, code: string): void {
  const record = { processInstanceKey: from.value.processInstanceKey, escalationCode: code, throwElementId: from.value.elementId, catchElementId: '' };
  for (let host = rt.enclosing(from); host; host = rt.enclosing(host)) {
    const model = rt.modelOf(host);
    const scope = rt.elementOf(host);
    const espStarts = eventSubProcessStarts(rt, host).filter((e) => e.eventType === 'ESCALATION');
    const boundaries = rt.bodyOf(host) ? [] : scope.boundaryEventIds.map((id) => model.elements.get(id)!).filter((e) => e.eventType === 'ESCALATION');
    const pick = (events: ElementModel[]) => events.find((e) => e.escalationCode === code) ?? events.find((e) => e.escalationCode === undefined);
    const start = pick(espStarts);
    const boundary = start ? undefined : pick(boundaries);
    const caughtBy = start ?? boundary;
    if (!caughtBy) continue;
    rt.ctx.event('ESCALATION', 'ESCALATED', rt.ctx.nextKey(), { ...record, catchElementId: caughtBy.id });
    if (start) triggerEventSubProcess(rt, host, start, {});
    else takeBoundary(rt, host, boundary!, {});
    return;
  }
  rt.ctx.event('ESCALATION', 'NOT_ESCALATED', rt.ctx.nextKey(), record);
}
