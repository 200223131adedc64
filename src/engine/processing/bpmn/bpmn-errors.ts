import type { ElementModel } from '../../model/model';
import type { ElementInstance } from '../../state/types';
import type { BpmnRuntime } from './runtime';
import { eventSubProcessStarts, takeBoundary, triggerEventSubProcess } from './event-triggers';

/**
 * Throws a BPMN error from an element: the nearest enclosing activity with an error boundary event for the
 * code (a catch-all boundary counts when no boundary names the code) is terminated and the boundary taken.
 * The error's variables go to the boundary event when it maps them, else into the process as a job's would.
 * Returns false when nothing catches it; the caller then raises the incident.
 */
export function throwError(rt: BpmnRuntime, from: ElementInstance, errorCode: string, variables: Record<string, unknown>): boolean {
  for (let host: ElementInstance | undefined = from; host; host = rt.enclosing(host)) {
    // An error event sub-process of the scope catches before a boundary event on the scope does.
    const errorStart = findErrorEventSubProcess(rt, host, errorCode);
    if (errorStart) {
      triggerEventSubProcess(rt, host, errorStart, variables);
      return true;
    }
    const boundary = findErrorBoundary(rt, host, errorCode);
    if (!boundary) continue;
    takeBoundary(rt, host, boundary, variables);
    return true;
  }
  return false;
}

function findErrorEventSubProcess(rt: BpmnRuntime, scope: ElementInstance, errorCode: string): ElementModel | undefined {
  const starts = eventSubProcessStarts(rt, scope).filter((e) => e.eventType === 'ERROR');
  return starts.find((e) => e.errorCode === errorCode) ?? starts.find((e) => e.errorCode === undefined);
}

function findErrorBoundary(rt: BpmnRuntime, host: ElementInstance, errorCode: string): ElementModel | undefined {
  if (rt.bodyOf(host)) return undefined;
  const model = rt.modelOf(host);
  let catchAll: ElementModel | undefined;
  for (const id of model.elements.get(host.value.elementId)!.boundaryEventIds) {
    const boundary = model.elements.get(id)!;
    if (boundary.eventType !== 'ERROR') continue;
    if (boundary.errorCode === errorCode) return boundary;
    if (boundary.errorCode === undefined) catchAll ??= boundary;
  }
  return catchAll;
}
