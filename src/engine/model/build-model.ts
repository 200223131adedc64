import type { BpmnElementType, ElementModel, ProcessModel } from './model';
import { USER_TASK_JOB_TYPE } from './model';
import { ELEMENT_TYPES, IGNORED_TYPES, JOB_TASKS } from './element-types';
import { readEventDefinition, readMessage } from './read-events';
import { extensionElements, readCalledElement, readHeaders, readIoMapping, readJobTask, readUserTask } from './read-extensions';
import { readLoop } from './read-loop';
import { buildFlow, linkFlows } from './link-flows';

// Turns parsed BPMN definitions into executable process models: scopes, start events and elements.

export type BuildResult = { ok: true; processes: ProcessModel[] } | { ok: false; errors: string[] };

/** Turns parsed definitions into executable processes, collecting every problem rather than the first. */
export function buildProcessModels(definitions: any): BuildResult {
  const errors: string[] = [];
  const processes: ProcessModel[] = [];
  const executable = (definitions.rootElements ?? []).filter((e: any) => e.$type === 'bpmn:Process' && e.isExecutable);
  if (executable.length === 0) {
    return { ok: false, errors: ['Expected at least one executable process (isExecutable="true"), but found none'] };
  }
  for (const process of executable) {
    processes.push(buildProcess(process, errors));
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, processes };
}

function buildProcess(process: any, errors: string[]): ProcessModel {
  const model: ProcessModel = { bpmnProcessId: process.id, name: process.name, elements: new Map(), flows: new Map() };
  if (!/^[A-Za-z_][\w.-]*$/.test(process.id ?? '')) {
    errors.push(`Process '${process.id}': expected an id that starts with a letter or '_' and holds only letters, digits, '_', '-' and '.'`);
  }
  model.elements.set(process.id, { ...emptyElement(process.id, 'PROCESS', process.id), name: process.name });
  addScope(model, process, process.id, errors);
  linkFlows(model, errors);
  return model;
}

function emptyElement(id: string, type: BpmnElementType, flowScopeId: string): ElementModel {
  return { id, type, eventType: 'UNSPECIFIED', flowScopeId, incoming: [], outgoing: [], inputs: [], outputs: [], boundaryEventIds: [] };
}

function addScope(model: ProcessModel, scope: any, scopeId: string, errors: string[]): void {
  const noneStarts: string[] = [];
  const timerStarts: string[] = [];
  const messageStarts: string[] = [];
  const signalStarts: string[] = [];
  const errorStarts: string[] = [];
  const eventSubProcesses: string[] = [];
  for (const node of scope.flowElements ?? []) {
    if (node.$type === 'bpmn:SequenceFlow') {
      model.flows.set(node.id, buildFlow(node, errors));
      continue;
    }
    if (IGNORED_TYPES.has(node.$type)) continue;
    const element = buildElement(node, scopeId, errors);
    if (!element) continue;
    model.elements.set(element.id, element);
    if (element.type === 'START_EVENT') {
      const byKind = { TIMER: timerStarts, MESSAGE: messageStarts, SIGNAL: signalStarts, ERROR: errorStarts, ESCALATION: errorStarts } as Record<string, string[]>;
      (byKind[element.eventType] ?? noneStarts).push(element.id);
      element.cancelActivity = node.isInterrupting !== false;
    }
    if (element.type === 'SUB_PROCESS' || element.type === 'EVENT_SUB_PROCESS') addScope(model, node, node.id, errors);
    if (element.type === 'EVENT_SUB_PROCESS') eventSubProcesses.push(element.id);
  }
  const isProcess = scope.$type === 'bpmn:Process';
  const isEventSubProcess = scope.triggeredByEvent === true;
  model.elements.get(scopeId)!.eventSubProcessIds = eventSubProcesses;
  if (isEventSubProcess) return checkEventSubProcessStart(model, scopeId, [...noneStarts, ...timerStarts, ...messageStarts, ...signalStarts, ...errorStarts], errors);
  const where = isProcess ? `Process '${scopeId}'` : `Sub-process '${scopeId}'`;
  if (errorStarts.length > 0) errors.push(`${where}: expected error and escalation start events only in event sub-processes, but found '${errorStarts[0]}'`);
  const eventStarts = [...timerStarts, ...messageStarts, ...signalStarts];
  if (!isProcess && eventStarts.length > 0) {
    errors.push(`${where}: expected only a none start event in an embedded sub-process, but found the start event '${eventStarts[0]}'`);
  }
  if (noneStarts.length > 1) {
    errors.push(`${where}: expected at most one none start event, but found ${noneStarts.length}`);
  } else if (noneStarts.length === 0 && (!isProcess || eventStarts.length === 0)) {
    errors.push(`${where}: expected ${isProcess ? 'a none, timer, message or signal start event' : 'exactly one none start event'}, but found none`);
  }
  const scopeElement = model.elements.get(scopeId)!;
  scopeElement.startEventId = noneStarts[0];
  if (isProcess) {
    scopeElement.timerStartEventIds = timerStarts;
    scopeElement.messageStartEventIds = messageStarts;
    scopeElement.signalStartEventIds = signalStarts;
  }
}

/** An event sub-process starts with exactly one timer, message, signal or error start event. */
function checkEventSubProcessStart(model: ProcessModel, scopeId: string, starts: string[], errors: string[]): void {
  const where = `Event sub-process '${scopeId}'`;
  if (starts.length !== 1) return void errors.push(`${where}: expected exactly one start event, but found ${starts.length}`);
  const start = model.elements.get(starts[0])!;
  model.elements.get(scopeId)!.startEventId = start.id;
  if (!['TIMER', 'MESSAGE', 'SIGNAL', 'ERROR', 'ESCALATION'].includes(start.eventType)) {
    errors.push(`${where}: expected a timer, message, signal, error or escalation start event, but '${start.id}' is a none start event`);
  }
  if (start.eventType === 'ERROR' && start.cancelActivity === false) {
    errors.push(`Element '${start.id}': expected an error start event to be interrupting`);
  }
  if (start.eventType === 'MESSAGE' && start.message && !start.message.correlationKey) {
    errors.push(`Element '${start.id}': expected the message of an event sub-process start to have a zeebe:subscription correlationKey`);
  }
}

function buildElement(node: any, flowScopeId: string, errors: string[]): ElementModel | null {
  const type = node.$type === 'bpmn:SubProcess' && node.triggeredByEvent ? 'EVENT_SUB_PROCESS' : ELEMENT_TYPES[node.$type];
  const where = `Element '${node.id}' (${node.$type.replace('bpmn:', '')})`;
  if (!type) {
    errors.push(`${where}: expected a supported element, but ${node.$type.replace('bpmn:', '')} is not supported yet`);
    return null;
  }
  const element: ElementModel = { ...emptyElement(node.id, type, flowScopeId), name: node.name };
  if (node.loopCharacteristics) element.loop = readLoop(node.loopCharacteristics, where, errors);
  readEventDefinition(node, element, where, errors);
  const extensions = extensionElements(node);
  readIoMapping(element, extensions, where, errors);
  if (JOB_TASKS.has(type)) element.job = readJobTask(extensions, where, errors);
  if (type === 'CALL_ACTIVITY') element.calledElement = readCalledElement(extensions, where, errors);
  if (type === 'RECEIVE_TASK') {
    element.eventType = 'MESSAGE';
    element.message = readMessage(node.messageRef, where, true, errors);
  }
  if (type === 'USER_TASK') {
    element.userTask = readUserTask(extensions, where, errors);
    // Zeebe gives a user task's job a single retry.
    element.job = { type: USER_TASK_JOB_TYPE, retries: '1', headers: readHeaders(extensions) };
  }
  if (node.default) element.defaultFlowId = node.default.id;
  return element;
}
