import type { ElementBehaviour } from './behaviours';
import type { BpmnRuntime } from './runtime';
import type { Failure } from './failure';
import type { ElementInstance, ProcessDefinition } from '../../state/types';
import type { ElementModel } from '../../model/model';
import { evaluateString } from '../../feel/expression';
import { startInstance } from '../commands/instance-commands';

/**
 * A call activity starts the latest version of the called process as a child instance and waits for it.
 * A called process that is not deployed is a CALLED_ELEMENT_ERROR incident, retried when resolved.
 */
export const callActivityBehaviour: ElementBehaviour = {
  prepare: (rt, instance, element) => findCalledProcess(rt, instance, element),
  onActivated: (rt, instance, element, prepared) => {
    const definition = prepared as ProcessDefinition;
    const called = element.calledElement!;
    const variables = called.propagateAllParentVariables
      ? rt.state.visibleVariables(instance.key)
      : rt.state.localVariables(instance.key);
    startInstance(rt, definition, variables, undefined, undefined, {
      parentProcessInstanceKey: instance.value.processInstanceKey,
      parentElementInstanceKey: instance.key,
    });
  },
};

function findCalledProcess(rt: BpmnRuntime, instance: ElementInstance, element: ElementModel): ProcessDefinition | Failure {
  const called = element.calledElement!;
  const processId = evaluateString(called.processId, rt.state.visibleVariables(instance.key), { now: () => rt.ctx.now });
  if (!processId.ok) return { errorType: 'EXTRACT_VALUE_ERROR', message: processId.message };
  const definition = rt.state.latestProcess(String(processId.value));
  if (!definition) {
    return {
      errorType: 'CALLED_ELEMENT_ERROR',
      message: `Expected process with BPMN process id '${processId.value}' to be deployed, but not found.`,
    };
  }
  if (!rt.state.model(definition.key).elements.get(definition.bpmnProcessId)!.startEventId) {
    return {
      errorType: 'CALLED_ELEMENT_ERROR',
      message: `Expected process with BPMN process id '${processId.value}' to have a none start event, but it has none.`,
    };
  }
  return definition;
}

/**
 * When a called process completes, its caller completes: the child's variables become the call
 * activity's (for its output mappings) or, without mappings and with propagateAllChildVariables, go up.
 */
export function completeCaller(rt: BpmnRuntime, caller: ElementInstance, childVariables: Record<string, unknown>): void {
  if (caller.state !== 'ELEMENT_ACTIVATED') return;
  const element = rt.elementOf(caller);
  rt.complete(caller, () => {
    if (element.outputs.length > 0) rt.variables.setLocal(caller, childVariables);
    else if (element.calledElement!.propagateAllChildVariables) rt.variables.propagate(caller, childVariables);
  });
}
