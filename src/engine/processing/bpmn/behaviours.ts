import type { BpmnElementType, ElementModel, SequenceFlowModel } from '../../model/model';
import type { ElementInstance } from '../../state/types';
import type { BpmnRuntime, Failure } from './runtime';
import { jobTaskBehaviour } from './job-task';
import { exclusiveGatewayBehaviour } from './exclusive-gateway';

/** What one element type adds to the shared lifecycle in runtime.ts. */
export interface ElementBehaviour {
  /** Work that may fail before the element counts as activated (e.g. evaluating a job type). */
  prepare?(rt: BpmnRuntime, instance: ElementInstance, element: ElementModel): unknown;
  /** Called once the element is ACTIVATED; a pass-through element completes itself here. */
  onActivated(rt: BpmnRuntime, instance: ElementInstance, element: ElementModel, prepared: unknown): void;
  /** The flows to take when leaving; by default all outgoing flows. */
  outgoingFlows?(rt: BpmnRuntime, instance: ElementInstance, element: ElementModel): SequenceFlowModel[] | Failure;
  /** Event elements hand their local variables (an error's variables) to the scope on completion. */
  propagatesLocalVariables?: boolean;
}

const passThrough: ElementBehaviour = {
  onActivated: (rt, instance) => rt.complete(instance),
};

/** A process or embedded sub-process: activating it starts its none start event inside it. */
const scopeBehaviour: ElementBehaviour = {
  onActivated: (rt, instance, element) => {
    const start = rt.modelOf(instance).elements.get(element.startEventId!)!;
    const child = rt.activate(start, instance.value, instance.key);
    rt.continueActivation(child);
  },
};

const boundaryEventBehaviour: ElementBehaviour = { ...passThrough, propagatesLocalVariables: true };

/** An error end event throws its error; with nobody to catch it the end event waits on an incident. */
const endEventBehaviour: ElementBehaviour = {
  onActivated: (rt, instance, element) => {
    if (element.eventType !== 'ERROR') return rt.complete(instance);
    if (rt.throwError(instance, element.errorCode!, {})) return;
    rt.raiseIncident(instance, {
      errorType: 'UNHANDLED_ERROR_EVENT',
      message: `Expected to throw an error event with the code '${element.errorCode}', but it was not caught. No error events are available in the scope.`,
    });
  },
};

const BEHAVIOURS: Record<BpmnElementType, ElementBehaviour> = {
  PROCESS: scopeBehaviour,
  SUB_PROCESS: scopeBehaviour,
  START_EVENT: passThrough,
  END_EVENT: endEventBehaviour,
  BOUNDARY_EVENT: boundaryEventBehaviour,
  MANUAL_TASK: passThrough,
  TASK: passThrough,
  PARALLEL_GATEWAY: passThrough,
  EXCLUSIVE_GATEWAY: exclusiveGatewayBehaviour,
  SERVICE_TASK: jobTaskBehaviour,
  USER_TASK: jobTaskBehaviour,
  SEQUENCE_FLOW: passThrough,
};

export function behaviourOf(type: BpmnElementType): ElementBehaviour {
  return BEHAVIOURS[type];
}
