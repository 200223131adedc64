import type { LogRecord } from '../../log/record';
import type { EngineState } from '../engine-state';
import type { ElementState, ProcessInstanceValue } from '../types';
import { removeJob } from './job';

type Applier = (state: EngineState, record: LogRecord) => void;

function valueOf(record: LogRecord): ProcessInstanceValue {
  return record.value as unknown as ProcessInstanceValue;
}

const elementActivating: Applier = (state, record) => {
  const value = valueOf(record);
  state.elementInstances.set(record.key, { key: record.key, state: 'ELEMENT_ACTIVATING', value, activeChildren: 0 });
  const scope = state.elementInstances.get(value.flowScopeKey);
  if (value.bpmnElementType === 'MULTI_INSTANCE_BODY') state.elementInstances.get(record.key)!.loop = { activated: 0, completed: 0 };
  if (scope?.loop) scope.loop.activated += 1;
  if (scope) {
    scope.activeChildren += 1;
    let siblings = state.children.get(value.flowScopeKey);
    if (!siblings) state.children.set(value.flowScopeKey, (siblings = new Set()));
    siblings.add(record.key);
  }
  if (value.bpmnElementType === 'PARALLEL_GATEWAY') consumeJoinTokens(state, value);
  // A called process remembers nothing of its caller but the keys; the call activity remembers its child.
  if (value.bpmnElementType === 'PROCESS' && value.parentElementInstanceKey !== '-1') {
    const caller = state.elementInstances.get(value.parentElementInstanceKey);
    if (caller) caller.calledInstanceKey = record.key;
  }
};

/** A parallel join activates once every incoming flow holds a token; it takes one from each. */
function consumeJoinTokens(state: EngineState, value: ProcessInstanceValue): void {
  const gateway = state.model(value.processDefinitionKey).elements.get(value.elementId)!;
  if (gateway.incoming.length < 2) return;
  for (const flowId of gateway.incoming) {
    const slot = `${value.flowScopeKey}/${flowId}`;
    const count = (state.joinTokens.get(slot) ?? 0) - 1;
    if (count > 0) state.joinTokens.set(slot, count);
    else state.joinTokens.delete(slot);
  }
  addWaiting(state, value.flowScopeKey, -gateway.incoming.length);
}

function addWaiting(state: EngineState, scopeKey: string, delta: number): void {
  const count = (state.waitingTokens.get(scopeKey) ?? 0) + delta;
  if (count > 0) state.waitingTokens.set(scopeKey, count);
  else state.waitingTokens.delete(scopeKey);
}

function transitionTo(target: ElementState): Applier {
  return (state, record) => {
    const instance = state.elementInstances.get(record.key);
    if (instance) instance.state = target;
  };
}

/** Completed and terminated instances leave state, with their local variables and join tokens. */
const elementFinished: Applier = (state, record) => {
  const value = valueOf(record);
  // A job that threw a caught error is still held by its element; it goes with it.
  const jobKey = state.elementInstances.get(record.key)?.jobKey;
  if (jobKey) removeJob(state, jobKey);
  state.elementInstances.delete(record.key);
  state.variables.delete(record.key);
  if (value.bpmnElementType === 'PROCESS') releaseMessageStart(state, record.key);
  state.children.delete(record.key);
  const siblings = state.children.get(value.flowScopeKey);
  if (siblings) {
    siblings.delete(record.key);
    if (siblings.size === 0) state.children.delete(value.flowScopeKey);
  }
  const scope = state.elementInstances.get(value.flowScopeKey);
  if (scope) scope.activeChildren -= 1;
  if (scope?.loop && record.intent === 'ELEMENT_COMPLETED') scope.loop.completed += 1;
  dropJoinTokens(state, record.key);
  // A terminate end event ends its scope: tokens waiting at joins there will never be used.
  if (value.bpmnEventType === 'TERMINATE' && record.intent === 'ELEMENT_COMPLETED') dropJoinTokens(state, value.flowScopeKey);
};

function dropJoinTokens(state: EngineState, scopeKey: string): void {
  if (!state.waitingTokens.has(scopeKey)) return;
  state.waitingTokens.delete(scopeKey);
  for (const slot of [...state.joinTokens.keys()]) {
    if (slot.startsWith(`${scopeKey}/`)) state.joinTokens.delete(slot);
  }
}

/** A flow into a parallel join leaves a token there until the join can fire. */
const sequenceFlowTaken: Applier = (state, record) => {
  const value = valueOf(record);
  const model = state.model(value.processDefinitionKey);
  const flow = model.flows.get(value.elementId)!;
  const target = model.elements.get(flow.targetId)!;
  if (target.type !== 'PARALLEL_GATEWAY' || target.incoming.length < 2) return;
  const slot = `${value.flowScopeKey}/${flow.id}`;
  state.joinTokens.set(slot, (state.joinTokens.get(slot) ?? 0) + 1);
  addWaiting(state, value.flowScopeKey, 1);
};

export const processInstanceAppliers: Record<string, Applier> = {
  ELEMENT_ACTIVATING: elementActivating,
  ELEMENT_ACTIVATED: transitionTo('ELEMENT_ACTIVATED'),
  ELEMENT_COMPLETING: transitionTo('ELEMENT_COMPLETING'),
  ELEMENT_TERMINATING: transitionTo('ELEMENT_TERMINATING'),
  ELEMENT_COMPLETED: elementFinished,
  ELEMENT_TERMINATED: elementFinished,
  SEQUENCE_FLOW_TAKEN: sequenceFlowTaken,
};

/** An instance started by a message with a correlation key no longer blocks another start with that key. */
function releaseMessageStart(state: EngineState, processInstanceKey: string): void {
  for (const [slot, key] of state.activeMessageStarts) {
    if (key === processInstanceKey) state.activeMessageStarts.delete(slot);
  }
}
