import type { BpmnElementType, ElementModel } from '../../model/model';
import type { ElementInstance } from '../../state/types';
import type { BpmnRuntime } from './runtime';
import { HANDLED } from './failure';
import { throwError } from './bpmn-errors';
import { throwEscalation } from './escalations';
import { broadcast } from './signals';
import { evaluateString } from '../../feel/expression';
import { jobTaskBehaviour } from './job-task';
import { exclusiveGatewayBehaviour, inclusiveGatewayBehaviour } from './exclusive-gateway';
import { callActivityBehaviour } from './call-activity';
import { multiInstanceBodyBehaviour } from './multi-instance';

/** What one element type adds to the shared lifecycle in runtime.ts. */
export interface ElementBehaviour {
  /**
   * Work done while the element is ACTIVATING that may fail (evaluating a job type, choosing a gateway's
   * flow). A Failure becomes an incident; a FlowChoice is what the element will take; HANDLED means
   * the element was already dealt with (its error was caught and it was terminated).
   */
  prepare?(rt: BpmnRuntime, instance: ElementInstance, element: ElementModel): unknown;
  /** Records written just before ELEMENT_ACTIVATED (a task's JOB CREATED, as Zeebe orders them). */
  beforeActivated?(rt: BpmnRuntime, instance: ElementInstance, element: ElementModel, prepared: unknown): void;
  /** Called once the element is ACTIVATED; a pass-through element schedules its completion here. */
  onActivated(rt: BpmnRuntime, instance: ElementInstance, element: ElementModel, prepared: unknown): void;
}

const passThrough: ElementBehaviour = {
  onActivated: (rt, instance) => rt.completeLater(instance),
};

/** A process or embedded sub-process: activating it starts its none start event inside it. */
const scopeBehaviour: ElementBehaviour = {
  onActivated: (rt, instance, element) => {
    rt.activateLater(rt.startEventOf(instance, element), instance.value, instance.key);
  },
};

/** A catch event or receive task waits; its timer or message subscription (opened by the runtime) completes it. */
const waitForEvent: ElementBehaviour = {
  // A link catch event is where a link throw event continues: nothing to wait for.
  onActivated: (rt, instance, element) => {
    if (element.eventType === 'LINK') rt.completeLater(instance);
  },
};

/**
 * A terminate end event completes, then ends everything else in its scope, and the scope completes
 * (join tokens waiting in the scope are dropped when the end event completes), in Zeebe's order.
 */
const terminateEndEvent: ElementBehaviour = {
  onActivated: (rt, instance) => {
    const scopeKey = instance.value.flowScopeKey;
    rt.complete(instance);
    for (const sibling of rt.state.childrenOf(scopeKey)) rt.terminate(sibling);
    rt.completeScopeIfDone(scopeKey);
  },
};

/** An error end event throws its error while activating; with nobody to catch it, it waits on an incident. */
const endEventBehaviour: ElementBehaviour = {
  prepare: (rt, instance, element) => {
    if (element.job) return jobTaskBehaviour.prepare!(rt, instance, element);
    if (element.eventType !== 'ERROR') return undefined;
    if (throwError(rt, instance, element.errorCode!, {})) return HANDLED;
    return {
      errorType: 'UNHANDLED_ERROR_EVENT',
      message: `Expected to throw an error event with the code '${element.errorCode}', but it was not caught. No error events are available in the scope.`,
    };
  },
  beforeActivated: (rt, instance, element, prepared) => {
    if (element.job) jobTaskBehaviour.beforeActivated!(rt, instance, element, prepared);
  },
  onActivated: (rt, instance, element) => {
    if (element.job) return; // a message end event waits for its job
    if (element.eventType === 'SIGNAL') broadcastFrom(rt, instance, element);
    if (element.eventType === 'ESCALATION') throwEscalation(rt, instance, element.escalationCode!);
    if (element.eventType === 'TERMINATE') return terminateEndEvent.onActivated(rt, instance, element, undefined);
    rt.completeLater(instance);
  },
};

/** An intermediate throw event: none passes through, a message one is a job, a link one jumps (runtime). */
const throwEventBehaviour: ElementBehaviour = {
  prepare: (rt, instance, element) => (element.job ? jobTaskBehaviour.prepare!(rt, instance, element) : undefined),
  beforeActivated: (rt, instance, element, prepared) => {
    if (element.job) jobTaskBehaviour.beforeActivated!(rt, instance, element, prepared);
  },
  onActivated: (rt, instance, element) => {
    if (element.job) return;
    if (element.eventType === 'SIGNAL') broadcastFrom(rt, instance, element);
    if (element.eventType === 'ESCALATION') throwEscalation(rt, instance, element.escalationCode!);
    rt.completeLater(instance);
  },
};

/** A signal throw or end event broadcasts its signal with the variables its input mappings gave it. */
function broadcastFrom(rt: BpmnRuntime, instance: ElementInstance, element: ElementModel): void {
  const name = evaluateString(element.signalName!, rt.state.visibleVariables(instance.key), { now: () => rt.ctx.now });
  broadcast(rt, name.ok ? String(name.value) : element.signalName!, rt.state.localVariables(instance.key));
}

const BEHAVIOURS: Record<BpmnElementType, ElementBehaviour> = {
  PROCESS: scopeBehaviour,
  SUB_PROCESS: scopeBehaviour,
  EVENT_SUB_PROCESS: scopeBehaviour,
  START_EVENT: passThrough,
  END_EVENT: endEventBehaviour,
  BOUNDARY_EVENT: passThrough,
  MANUAL_TASK: passThrough,
  TASK: passThrough,
  PARALLEL_GATEWAY: passThrough,
  EXCLUSIVE_GATEWAY: exclusiveGatewayBehaviour,
  SERVICE_TASK: jobTaskBehaviour,
  USER_TASK: jobTaskBehaviour,
  BUSINESS_RULE_TASK: jobTaskBehaviour,
  SCRIPT_TASK: jobTaskBehaviour,
  SEND_TASK: jobTaskBehaviour,
  INTERMEDIATE_CATCH_EVENT: waitForEvent,
  RECEIVE_TASK: waitForEvent,
  CALL_ACTIVITY: callActivityBehaviour,
  MULTI_INSTANCE_BODY: multiInstanceBodyBehaviour,
  INTERMEDIATE_THROW_EVENT: throwEventBehaviour,
  INCLUSIVE_GATEWAY: inclusiveGatewayBehaviour,
  EVENT_BASED_GATEWAY: waitForEvent,
  SEQUENCE_FLOW: passThrough,
};

export function behaviourOf(type: BpmnElementType): ElementBehaviour {
  return BEHAVIOURS[type];
}
