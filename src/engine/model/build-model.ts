import { checkSyntax, isExpression } from '../feel/expression';
import { evaluateTimer } from '../feel/timer-expressions';
import type {
  BpmnElementType,
  ElementModel,
  JobDefinition,
  Mapping,
  ProcessModel,
  SequenceFlowModel,
  CalledElementDefinition,
  LoopDefinition,
  MessageDefinition,
  TimerDefinition,
  UserTaskDefinition,
} from './model';
import { USER_TASK_JOB_TYPE } from './model';

const ELEMENT_TYPES: Record<string, BpmnElementType> = {
  'bpmn:StartEvent': 'START_EVENT',
  'bpmn:EndEvent': 'END_EVENT',
  'bpmn:BoundaryEvent': 'BOUNDARY_EVENT',
  'bpmn:ServiceTask': 'SERVICE_TASK',
  'bpmn:UserTask': 'USER_TASK',
  'bpmn:ManualTask': 'MANUAL_TASK',
  'bpmn:Task': 'TASK',
  'bpmn:ExclusiveGateway': 'EXCLUSIVE_GATEWAY',
  'bpmn:ParallelGateway': 'PARALLEL_GATEWAY',
  'bpmn:SubProcess': 'SUB_PROCESS',
  'bpmn:IntermediateCatchEvent': 'INTERMEDIATE_CATCH_EVENT',
  'bpmn:BusinessRuleTask': 'BUSINESS_RULE_TASK',
  'bpmn:ScriptTask': 'SCRIPT_TASK',
  'bpmn:SendTask': 'SEND_TASK',
  'bpmn:ReceiveTask': 'RECEIVE_TASK',
  'bpmn:CallActivity': 'CALL_ACTIVITY',
  'bpmn:IntermediateThrowEvent': 'INTERMEDIATE_THROW_EVENT',
  'bpmn:InclusiveGateway': 'INCLUSIVE_GATEWAY',
  'bpmn:EventBasedGateway': 'EVENT_BASED_GATEWAY',
};

/** Tasks that Zeebe runs as jobs of a zeebe:taskDefinition type. */
const JOB_TASKS = new Set<BpmnElementType>(['SERVICE_TASK', 'BUSINESS_RULE_TASK', 'SCRIPT_TASK', 'SEND_TASK']);

/** Event definitions each kind of event may carry here (none means no definition). */
const ALLOWED_EVENTS: Partial<Record<BpmnElementType, string[]>> = {
  START_EVENT: ['none', 'bpmn:TimerEventDefinition', 'bpmn:MessageEventDefinition', 'bpmn:SignalEventDefinition', 'bpmn:ErrorEventDefinition', 'bpmn:EscalationEventDefinition'],
  END_EVENT: ['none', 'bpmn:ErrorEventDefinition', 'bpmn:TerminateEventDefinition', 'bpmn:MessageEventDefinition', 'bpmn:SignalEventDefinition', 'bpmn:EscalationEventDefinition'],
  BOUNDARY_EVENT: ['bpmn:ErrorEventDefinition', 'bpmn:TimerEventDefinition', 'bpmn:MessageEventDefinition', 'bpmn:SignalEventDefinition', 'bpmn:EscalationEventDefinition'],
  INTERMEDIATE_CATCH_EVENT: ['bpmn:TimerEventDefinition', 'bpmn:MessageEventDefinition', 'bpmn:LinkEventDefinition', 'bpmn:SignalEventDefinition'],
  INTERMEDIATE_THROW_EVENT: ['none', 'bpmn:MessageEventDefinition', 'bpmn:LinkEventDefinition', 'bpmn:SignalEventDefinition', 'bpmn:EscalationEventDefinition'],
};

/** Elements without behaviour: Zeebe accepts and ignores them. */
const IGNORED_TYPES = new Set([
  'bpmn:TextAnnotation',
  'bpmn:Association',
  'bpmn:Group',
  'bpmn:DataObject',
  'bpmn:DataObjectReference',
  'bpmn:DataStoreReference',
]);

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

function readEventDefinition(node: any, element: ElementModel, where: string, errors: string[]): void {
  const allowed = ALLOWED_EVENTS[element.type];
  if (!allowed) return;
  const definitions: any[] = node.eventDefinitions ?? [];
  if (definitions.length > 1) errors.push(`${where}: expected at most one event definition, but found ${definitions.length}`);
  const definition = definitions[0];
  const kind = definition ? definition.$type : 'none';
  if (!allowed.includes(kind)) {
    const found = definition ? definition.$type.replace('bpmn:', '') : 'no event definition';
    errors.push(`${where}: expected ${allowed.map((k) => k.replace('bpmn:', '')).join(' or ')}, but ${found} is not supported here yet`);
    return;
  }
  element.eventType = 'NONE';
  if (kind === 'bpmn:ErrorEventDefinition') {
    element.eventType = 'ERROR';
    element.errorCode = readErrorCode(definition, where, element.type === 'END_EVENT', errors);
  } else if (kind === 'bpmn:TerminateEventDefinition') {
    element.eventType = 'TERMINATE';
  } else if (kind === 'bpmn:TimerEventDefinition') {
    element.eventType = 'TIMER';
    element.timer = readTimer(definition, element, where, errors);
  } else if (kind === 'bpmn:EscalationEventDefinition') {
    element.eventType = 'ESCALATION';
    const code: string | undefined = definition.escalationRef?.escalationCode || undefined;
    const throws = element.type === 'END_EVENT' || element.type === 'INTERMEDIATE_THROW_EVENT';
    if (throws && !code) errors.push(`${where}: expected a thrown escalation to reference a bpmn:escalation with an escalationCode, but found none`);
    if (element.type === 'START_EVENT' && !node.$parent?.triggeredByEvent) {
      errors.push(`${where}: expected escalation start events only in event sub-processes`);
    }
    element.escalationCode = code;
  } else if (kind === 'bpmn:SignalEventDefinition') {
    element.eventType = 'SIGNAL';
    const name: string | undefined = definition.signalRef?.name;
    if (!name || name.trim() === '') errors.push(`${where}: expected a reference to a bpmn:signal with a name, but found none`);
    else if (element.type === 'START_EVENT' && isExpression(name)) errors.push(`${where}: expected a static signal name on a signal start event, but found '${name}'`);
    else checkAttribute(name, `${where} signal name`, errors);
    element.signalName = name;
  } else if (kind === 'bpmn:LinkEventDefinition') {
    element.eventType = 'LINK';
    element.linkName = definition.name;
    if (!definition.name) errors.push(`${where}: expected a link event with a name, but found none`);
  } else if (kind === 'bpmn:MessageEventDefinition' && (element.type === 'END_EVENT' || element.type === 'INTERMEDIATE_THROW_EVENT')) {
    // Throwing a message is a job, as in Zeebe: a worker publishes it.
    element.eventType = 'MESSAGE';
    element.job = readTaskDefinition(extensionElements(node), where, errors);
  } else if (kind === 'bpmn:MessageEventDefinition') {
    element.eventType = 'MESSAGE';
    element.message = readMessage(definition.messageRef, where, element.type !== 'START_EVENT' && !node.$parent?.triggeredByEvent, errors);
    if (element.type === 'START_EVENT' && !node.$parent?.triggeredByEvent && element.message && isExpression(element.message.name)) {
      errors.push(`${where}: expected a static message name on a message start event, but found the expression '${element.message.name}'`);
    }
  }
  if (element.type === 'BOUNDARY_EVENT') {
    element.attachedToId = node.attachedToRef?.id;
    element.cancelActivity = node.cancelActivity !== false;
    if (element.eventType === 'ERROR' && !element.cancelActivity) {
      errors.push(`${where}: expected an error boundary event to be interrupting (cancelActivity="true")`);
    }
  }
}

/** Multi-instance: zeebe:loopCharacteristics inputCollection is required; an outputCollection needs an outputElement. */
function readLoop(loop: any, where: string, errors: string[]): LoopDefinition | undefined {
  if (loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
    errors.push(`${where}: expected multi-instance loop characteristics, but standard loops are not supported by Zeebe`);
    return undefined;
  }
  const zeebe = (loop.extensionElements?.values ?? []).find((e: any) => e.$type === 'zeebe:LoopCharacteristics');
  const expression = (text: string | undefined, label: string): string | undefined => {
    if (text === undefined || text.trim() === '') return undefined;
    const body = isExpression(text.trim()) ? text.trim().slice(1) : text.trim();
    const problem = checkSyntax(body);
    if (problem) errors.push(`${where} ${label}: expected a valid FEEL expression, but ${problem}`);
    return body;
  };
  const inputCollection = expression(zeebe?.inputCollection, 'inputCollection');
  if (!inputCollection) {
    errors.push(`${where}: expected a zeebe:loopCharacteristics inputCollection on a multi-instance activity, but found none`);
    return undefined;
  }
  const outputCollection = zeebe?.outputCollection || undefined;
  const outputElement = expression(zeebe?.outputElement, 'outputElement');
  if (outputCollection && !outputElement) errors.push(`${where}: expected an outputElement with the outputCollection '${outputCollection}', but found none`);
  return {
    sequential: loop.isSequential === true,
    inputCollection,
    inputElement: zeebe?.inputElement || undefined,
    outputCollection,
    outputElement,
    completionCondition: expression(loop.completionCondition?.body, 'completionCondition'),
  };
}

/** zeebe:calledElement: the process to call and which variables cross over (both directions by default). */
function readCalledElement(extensions: any[], where: string, errors: string[]): CalledElementDefinition | undefined {
  const called = findExtension(extensions, 'zeebe:CalledElement');
  if (!called || !called.processId || String(called.processId).trim() === '') {
    errors.push(`${where}: expected a zeebe:calledElement with a processId, but found none`);
    return undefined;
  }
  checkAttribute(called.processId, `${where} processId`, errors);
  return {
    processId: called.processId,
    propagateAllChildVariables: called.propagateAllChildVariables !== false,
    propagateAllParentVariables: called.propagateAllParentVariables !== false,
  };
}

/** A bpmn:message with a name; catch events and receive tasks also need a zeebe:subscription correlationKey. */
function readMessage(message: any, where: string, needsCorrelationKey: boolean, errors: string[]): MessageDefinition | undefined {
  const name: string | undefined = message?.name;
  if (!name || name.trim() === '') {
    errors.push(`${where}: expected a reference to a bpmn:message with a name, but found none`);
    return undefined;
  }
  checkAttribute(name, `${where} message name`, errors);
  const subscription = (message.extensionElements?.values ?? []).find((e: any) => e.$type === 'zeebe:Subscription');
  const correlationKey: string | undefined = subscription?.correlationKey || undefined;
  if (needsCorrelationKey && !correlationKey) {
    errors.push(`${where}: expected the message '${name}' to have a zeebe:subscription correlationKey, but found none`);
  }
  if (correlationKey && !isExpression(correlationKey)) {
    errors.push(`${where}: expected the correlation key of message '${name}' to be an expression (starting with '='), but found the static value '${correlationKey}'`);
  } else if (correlationKey) {
    checkAttribute(correlationKey, `${where} correlation key`, errors);
  }
  return { name, correlationKey };
}

/** Which timer definitions each position allows, as in Zeebe 8.3. */
const TIMER_KINDS: Partial<Record<BpmnElementType, Array<'duration' | 'date' | 'cycle'>>> = {
  START_EVENT: ['date', 'cycle'],
  INTERMEDIATE_CATCH_EVENT: ['duration', 'date'],
  BOUNDARY_EVENT: ['duration', 'date', 'cycle'],
};

function readTimer(definition: any, element: ElementModel, where: string, errors: string[]): TimerDefinition | undefined {
  const present = (['duration', 'date', 'cycle'] as const).filter((kind) => {
    const field = definition[`time${kind[0].toUpperCase()}${kind.slice(1)}`];
    return field && typeof field.body === 'string' && field.body.trim() !== '';
  });
  if (present.length !== 1) {
    errors.push(`${where}: expected exactly one of timeDuration, timeDate or timeCycle with a value, but found ${present.length}`);
    return undefined;
  }
  const kind = present[0];
  // An event sub-process's timer start may also wait a duration, counted from when its scope began.
  const inEventSubProcess = definition.$parent?.$parent?.triggeredByEvent === true;
  if (!TIMER_KINDS[element.type]!.includes(kind) && !(inEventSubProcess && kind === 'duration')) {
    errors.push(`${where}: expected a ${TIMER_KINDS[element.type]!.map((k) => `time${k[0].toUpperCase()}${k.slice(1)}`).join(' or ')} here, but found time${kind[0].toUpperCase()}${kind.slice(1)}`);
  }
  const text = definition[`time${kind[0].toUpperCase()}${kind.slice(1)}`].body.trim();
  if (isExpression(text)) {
    checkAttribute(text, `${where} timer`, errors);
  } else {
    // A static timer is checked now, as Zeebe does, rather than failing when the element is reached.
    const schedule = evaluateTimer(kind, text, {}, Date.now());
    if (!schedule.ok) errors.push(`${where}: ${schedule.message}`);
  }
  return { kind, text };
}

function readErrorCode(definition: any, where: string, required: boolean, errors: string[]): string | undefined {
  const error = definition.errorRef;
  const code: string | undefined = error?.errorCode;
  if (required && (!code || code.trim() === '')) {
    errors.push(`${where}: expected an error end event to reference a bpmn:error with an errorCode, but found none`);
  }
  if (code && isExpression(code)) {
    errors.push(`${where}: expected a static errorCode, but found the expression '${code}'`);
  }
  return code || undefined;
}

function extensionElements(node: any): any[] {
  return node.extensionElements?.values ?? [];
}

function findExtension(extensions: any[], type: string): any | undefined {
  return extensions.find((e) => e.$type === type);
}

/** Business rule, script and send tasks run here only as jobs, not with Zeebe's built-in DMN or FEEL scripts. */
function readJobTask(extensions: any[], where: string, errors: string[]): JobDefinition | undefined {
  if (findExtension(extensions, 'zeebe:CalledDecision')) {
    errors.push(`${where}: expected a zeebe:taskDefinition, but decisions (zeebe:calledDecision) are not supported yet`);
    return undefined;
  }
  if (findExtension(extensions, 'zeebe:Script')) {
    errors.push(`${where}: expected a zeebe:taskDefinition, but FEEL scripts (zeebe:script) are not supported yet`);
    return undefined;
  }
  return readTaskDefinition(extensions, where, errors);
}

function readTaskDefinition(extensions: any[], where: string, errors: string[]): JobDefinition | undefined {
  const definition = findExtension(extensions, 'zeebe:TaskDefinition');
  if (!definition || !definition.type || String(definition.type).trim() === '') {
    errors.push(`${where}: expected a zeebe:taskDefinition with a non-empty type, but found none`);
    return undefined;
  }
  checkAttribute(definition.type, `${where} task type`, errors);
  if (definition.retries !== undefined) checkAttribute(String(definition.retries), `${where} retries`, errors);
  return { type: definition.type, retries: definition.retries ?? '3', headers: readHeaders(extensions) };
}

function readHeaders(extensions: any[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const header of findExtension(extensions, 'zeebe:TaskHeaders')?.values ?? []) {
    // Zeebe leaves out headers without a value.
    if (header.key !== undefined && header.value !== undefined && header.value !== '') headers[header.key] = header.value;
  }
  return headers;
}

function readUserTask(extensions: any[], where: string, errors: string[]): UserTaskDefinition {
  const form = findExtension(extensions, 'zeebe:FormDefinition');
  const assignment = findExtension(extensions, 'zeebe:AssignmentDefinition');
  const schedule = findExtension(extensions, 'zeebe:TaskSchedule');
  const task: UserTaskDefinition = {
    formKey: form?.formKey || undefined,
    formId: form?.formId || undefined,
    assignee: assignment?.assignee || undefined,
    candidateGroups: assignment?.candidateGroups || undefined,
    candidateUsers: assignment?.candidateUsers || undefined,
    dueDate: schedule?.dueDate || undefined,
    followUpDate: schedule?.followUpDate || undefined,
  };
  for (const [name, value] of Object.entries(task)) {
    if (value !== undefined) checkAttribute(value, `${where} ${name}`, errors);
  }
  return task;
}

function readIoMapping(element: ElementModel, extensions: any[], where: string, errors: string[]): void {
  const io = findExtension(extensions, 'zeebe:IoMapping');
  if (!io) return;
  element.inputs = (io.inputParameters ?? []).map((p: any) => readMapping(p, `${where} input`, errors));
  element.outputs = (io.outputParameters ?? []).map((p: any) => readMapping(p, `${where} output`, errors));
}

function readMapping(parameter: any, where: string, errors: string[]): Mapping {
  const target = String(parameter.target ?? '');
  if (!/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/.test(target)) {
    errors.push(`${where}: expected a target variable name or path like 'a.b', but found '${target}'`);
  }
  const raw = parameter.source === undefined ? 'null' : String(parameter.source);
  const source = isExpression(raw) ? raw.slice(1) : JSON.stringify(raw);
  const problem = checkSyntax(source);
  if (problem) errors.push(`${where} '${target}': expected a valid FEEL expression, but ${problem}`);
  return { source, target };
}

function checkAttribute(value: string, where: string, errors: string[]): void {
  if (!isExpression(value)) return;
  const problem = checkSyntax(value.slice(1));
  if (problem) errors.push(`${where}: expected a valid FEEL expression, but ${problem}`);
}

function buildFlow(node: any, errors: string[]): SequenceFlowModel {
  const flow: SequenceFlowModel = { id: node.id, sourceId: node.sourceRef?.id, targetId: node.targetRef?.id };
  const body: string | undefined = node.conditionExpression?.body;
  if (body !== undefined && body.trim() !== '') {
    const condition = isExpression(body.trim()) ? body.trim().slice(1).trim() : body.trim();
    const problem = checkSyntax(condition);
    if (problem) errors.push(`Sequence flow '${node.id}': expected a valid FEEL condition, but ${problem}`);
    flow.condition = condition;
  }
  return flow;
}

function linkFlows(model: ProcessModel, errors: string[]): void {
  for (const flow of model.flows.values()) {
    const source = model.elements.get(flow.sourceId);
    const target = model.elements.get(flow.targetId);
    if (!source || !target) {
      errors.push(`Sequence flow '${flow.id}': expected a source and a target element, but one is missing or unsupported`);
      continue;
    }
    source.outgoing.push(flow);
    target.incoming.push(flow.id);
    if (flow.condition !== undefined && source.type !== 'EXCLUSIVE_GATEWAY' && source.type !== 'INCLUSIVE_GATEWAY') {
      errors.push(`Sequence flow '${flow.id}': expected conditions only on flows leaving an exclusive or inclusive gateway, but its source '${source.id}' is a ${source.type}`);
    }
  }
  for (const element of model.elements.values()) {
    checkElementFlows(model, element, errors);
  }
  linkEvents(model, errors);
}

function checkElementFlows(model: ProcessModel, element: ElementModel, errors: string[]): void {
  const where = `Element '${element.id}'`;
  if (element.type === 'START_EVENT' && element.incoming.length > 0) errors.push(`${where}: expected a start event without incoming sequence flows`);
  if (element.type === 'BOUNDARY_EVENT') {
    const host = element.attachedToId ? model.elements.get(element.attachedToId) : undefined;
    if (!host || !isActivity(host)) errors.push(`${where}: expected to be attached to a supported activity`);
    else host.boundaryEventIds.push(element.id);
    if (element.incoming.length > 0) errors.push(`${where}: expected a boundary event without incoming sequence flows`);
    if (element.outgoing.length === 0) errors.push(`${where}: expected a boundary event with at least one outgoing sequence flow`);
  }
  if (element.type === 'EVENT_BASED_GATEWAY') {
    if (element.outgoing.length < 2) errors.push(`${where}: expected an event-based gateway with at least two outgoing flows`);
    for (const flow of element.outgoing) {
      const target = model.elements.get(flow.targetId);
      const waits = target?.type === 'INTERMEDIATE_CATCH_EVENT' && ['TIMER', 'MESSAGE', 'SIGNAL'].includes(target.eventType);
      if (!waits) errors.push(`${where}: expected every flow to lead to a timer, message or signal intermediate catch event, but '${flow.targetId}' is not one`);
      else if (target!.incoming.length > 1) errors.push(`Element '${target!.id}': expected an event after an event-based gateway to have only that incoming flow`);
    }
  }
  if (element.type === 'INCLUSIVE_GATEWAY' && element.incoming.length > 1) {
    errors.push(`${where}: expected a diverging inclusive gateway (one incoming flow), but joining inclusive gateways are not supported in Zeebe 8.3`);
  }
  if (element.type === 'EXCLUSIVE_GATEWAY' || element.type === 'INCLUSIVE_GATEWAY') {
    if (element.defaultFlowId && !element.outgoing.some((f) => f.id === element.defaultFlowId)) {
      errors.push(`${where}: expected its default flow to be one of its outgoing flows`);
    }
    if (element.outgoing.length > 1) {
      for (const flow of element.outgoing) {
        if (flow.condition === undefined && flow.id !== element.defaultFlowId) {
          errors.push(`Sequence flow '${flow.id}': expected a condition on a flow leaving gateway '${element.id}' unless it is the default flow`);
        }
      }
    }
  }
  if (element.defaultFlowId && element.type !== 'EXCLUSIVE_GATEWAY' && element.type !== 'INCLUSIVE_GATEWAY') {
    errors.push(`${where}: expected default flows only on exclusive and inclusive gateways`);
  }
}

/** Each link throw event jumps to the link catch event of the same name in the same scope. */
function linkEvents(model: ProcessModel, errors: string[]): void {
  const links = [...model.elements.values()].filter((e) => e.eventType === 'LINK' && e.linkName);
  for (const thrower of links.filter((e) => e.type === 'INTERMEDIATE_THROW_EVENT')) {
    const catchers = links.filter((e) => e.type === 'INTERMEDIATE_CATCH_EVENT' && e.linkName === thrower.linkName && e.flowScopeId === thrower.flowScopeId);
    if (catchers.length !== 1) {
      errors.push(`Element '${thrower.id}': expected exactly one link catch event named '${thrower.linkName}' in the same scope, but found ${catchers.length}`);
    } else {
      thrower.linkTargetId = catchers[0].id;
    }
    if (thrower.outgoing.length > 0) errors.push(`Element '${thrower.id}': expected a link throw event without outgoing sequence flows`);
  }
  for (const catcher of links.filter((e) => e.type === 'INTERMEDIATE_CATCH_EVENT')) {
    if (catcher.incoming.length > 0) errors.push(`Element '${catcher.id}': expected a link catch event without incoming sequence flows`);
  }
}

function isActivity(element: ElementModel): boolean {
  return ['SERVICE_TASK', 'USER_TASK', 'MANUAL_TASK', 'TASK', 'SUB_PROCESS', 'BUSINESS_RULE_TASK', 'SCRIPT_TASK', 'SEND_TASK', 'RECEIVE_TASK', 'CALL_ACTIVITY'].includes(element.type);
}
