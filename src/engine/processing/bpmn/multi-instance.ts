import type { ElementBehaviour } from './behaviours';
import type { BpmnRuntime } from './runtime';
import type { Failure } from './failure';
import type { ElementInstance } from '../../state/types';
import type { ElementModel } from '../../model/model';
import { evaluate, evaluateBoolean } from '../../feel/expression';

/**
 * The body of a multi-instance activity: it evaluates the input collection, starts one inner instance per
 * item (all at once, or one after the other when sequential) with the item and loopCounter as local
 * variables, gathers each instance's outputElement into the outputCollection, and completes when every
 * instance has (or when the completionCondition holds, terminating the rest).
 */
export const multiInstanceBodyBehaviour: ElementBehaviour = {
  prepare: (rt, body, element) => inputItems(rt, body, element),
  onActivated: (rt, body, element, prepared) => {
    const items = prepared as unknown[];
    const loop = element.loop!;
    if (loop.outputCollection) rt.variables.setLocal(body, { [loop.outputCollection]: items.map(() => null) });
    if (items.length === 0) return rt.completeLater(body);
    const first = loop.sequential ? items.slice(0, 1) : items;
    first.forEach((item, index) => startInner(rt, body, element, item, index));
  },
};

function inputItems(rt: BpmnRuntime, body: ElementInstance, element: ElementModel): unknown[] | Failure {
  const expression = element.loop!.inputCollection;
  const result = evaluate(expression, rt.state.visibleVariables(body.key), { now: () => rt.ctx.now });
  if (!result.ok) return { errorType: 'EXTRACT_VALUE_ERROR', message: result.message };
  if (!Array.isArray(result.value)) {
    const kind = result.value === null ? 'NULL' : typeof result.value === 'object' ? 'CONTEXT' : String(typeof result.value).toUpperCase();
    return { errorType: 'EXTRACT_VALUE_ERROR', message: `Expected result of the expression '${expression}' to be 'ARRAY', but was '${kind}'.` };
  }
  return result.value;
}

function startInner(rt: BpmnRuntime, body: ElementInstance, element: ElementModel, item: unknown, index: number): void {
  const inner = rt.activate(element, body.value, body.key);
  const locals: Record<string, unknown> = { loopCounter: index + 1 };
  if (element.loop!.inputElement) locals[element.loop!.inputElement] = item;
  rt.variables.setLocal(inner, locals);
  rt.later(() => rt.continueActivation(inner));
}

/** While an inner instance completes: its outputElement goes into the body's outputCollection. */
export function collectOutput(rt: BpmnRuntime, body: ElementInstance, inner: ElementInstance, element: ElementModel): Failure | undefined {
  const loop = element.loop!;
  if (!loop.outputCollection || !loop.outputElement) return undefined;
  const variables = rt.state.visibleVariables(inner.key);
  const result = evaluate(loop.outputElement, variables, { now: () => rt.ctx.now });
  if (!result.ok) return { errorType: 'EXTRACT_VALUE_ERROR', message: result.message };
  const collection = [...((rt.state.visibleVariables(body.key)[loop.outputCollection] as unknown[]) ?? [])];
  collection[Number(variables.loopCounter) - 1] = result.value;
  rt.variables.setLocal(body, { [loop.outputCollection]: collection });
  return undefined;
}

/** After an inner instance completed: start the next one, or finish the body. */
export function innerCompleted(rt: BpmnRuntime, body: ElementInstance, element: ElementModel): void {
  if (body.state !== 'ELEMENT_ACTIVATED') return;
  const loop = element.loop!;
  const counts = body.loop!;
  const items = loop.sequential ? inputItems(rt, body, element) : undefined;
  const numberOfInstances = Array.isArray(items) ? items.length : counts.activated;
  if (loop.completionCondition) {
    const context = {
      ...rt.state.visibleVariables(body.key),
      numberOfInstances,
      numberOfCompletedInstances: counts.completed,
      numberOfActiveInstances: body.activeChildren,
    };
    const result = evaluateBoolean(loop.completionCondition, context, { now: () => rt.ctx.now });
    if (!result.ok) return rt.raiseIncident(body, { errorType: 'EXTRACT_VALUE_ERROR', message: result.message });
    if (result.value === true) {
      for (const child of rt.state.childrenOf(body.key)) rt.terminate(child);
      return rt.complete(body);
    }
  }
  if (Array.isArray(items) && counts.activated < items.length) {
    return startInner(rt, body, element, items[counts.activated], counts.activated);
  }
  if (body.activeChildren === 0) rt.complete(body);
}
