import { checkSyntax, isExpression } from '../feel/expression';
import type {
  BpmnElementType,
  ElementModel,
  JobDefinition,
  Mapping,
  ProcessModel,
  SequenceFlowModel,
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
  for (const node of scope.flowElements ?? []) {
    if (node.$type === 'bpmn:SequenceFlow') {
      model.flows.set(node.id, buildFlow(node, errors));
      continue;
    }
    if (IGNORED_TYPES.has(node.$type)) continue;
    const element = buildElement(node, scopeId, errors);
    if (!element) continue;
    model.elements.set(element.id, element);
    if (element.type === 'START_EVENT') noneStarts.push(element.id);
    if (element.type === 'SUB_PROCESS') addScope(model, node, node.id, errors);
  }
  const where = scope.$type === 'bpmn:Process' ? `Process '${scopeId}'` : `Sub-process '${scopeId}'`;
  if (noneStarts.length !== 1) {
    errors.push(`${where}: expected exactly one none start event, but found ${noneStarts.length}`);
  } else {
    model.elements.get(scopeId)!.startEventId = noneStarts[0];
  }
}

function buildElement(node: any, flowScopeId: string, errors: string[]): ElementModel | null {
  const type = ELEMENT_TYPES[node.$type];
  const where = `Element '${node.id}' (${node.$type.replace('bpmn:', '')})`;
  if (!type) {
    errors.push(`${where}: expected a supported element, but ${node.$type.replace('bpmn:', '')} is not supported yet`);
    return null;
  }
  if (node.loopCharacteristics) {
    errors.push(`${where}: expected no loop or multi-instance characteristics, but multi-instance is not supported yet`);
  }
  const element: ElementModel = { ...emptyElement(node.id, type, flowScopeId), name: node.name };
  const eventDefinitions: any[] = node.eventDefinitions ?? [];
  if (type === 'START_EVENT' || type === 'END_EVENT' || type === 'BOUNDARY_EVENT') {
    element.eventType = 'NONE';
    if (eventDefinitions.length > 1) errors.push(`${where}: expected at most one event definition, but found ${eventDefinitions.length}`);
    const definition = eventDefinitions[0];
    if (definition && definition.$type !== 'bpmn:ErrorEventDefinition') {
      errors.push(`${where}: expected a none or error event, but ${definition.$type.replace('bpmn:', '')} is not supported yet`);
    } else if (definition) {
      element.eventType = 'ERROR';
      if (type === 'START_EVENT') errors.push(`${where}: error start events belong to event sub-processes, which are not supported yet`);
      element.errorCode = readErrorCode(definition, where, type === 'END_EVENT', errors);
    }
    if (type === 'BOUNDARY_EVENT') {
      if (!definition) errors.push(`${where}: expected an event definition on a boundary event, but found none`);
      element.attachedToId = node.attachedToRef?.id;
      element.cancelActivity = node.cancelActivity !== false;
      if (element.eventType === 'ERROR' && !element.cancelActivity) {
        errors.push(`${where}: expected an error boundary event to be interrupting (cancelActivity="true")`);
      }
    }
  }
  if (type === 'SUB_PROCESS' && node.triggeredByEvent) {
    errors.push(`${where}: expected an embedded sub-process, but event sub-processes are not supported yet`);
  }
  const extensions = extensionElements(node);
  readIoMapping(element, extensions, where, errors);
  if (type === 'SERVICE_TASK') element.job = readTaskDefinition(extensions, where, errors);
  if (type === 'USER_TASK') {
    element.userTask = readUserTask(extensions, where, errors);
    // Zeebe gives a user task's job a single retry.
    element.job = { type: USER_TASK_JOB_TYPE, retries: '1', headers: readHeaders(extensions) };
  }
  if (node.default) element.defaultFlowId = node.default.id;
  return element;
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
    if (flow.condition !== undefined && source.type !== 'EXCLUSIVE_GATEWAY') {
      errors.push(`Sequence flow '${flow.id}': expected conditions only on flows leaving an exclusive gateway, but its source '${source.id}' is a ${source.type}`);
    }
  }
  for (const element of model.elements.values()) {
    checkElementFlows(model, element, errors);
  }
}

function checkElementFlows(model: ProcessModel, element: ElementModel, errors: string[]): void {
  const where = `Element '${element.id}'`;
  if (element.type === 'START_EVENT' && element.incoming.length > 0) errors.push(`${where}: expected a start event without incoming sequence flows`);
  if (element.type === 'BOUNDARY_EVENT') {
    const host = element.attachedToId ? model.elements.get(element.attachedToId) : undefined;
    if (!host) errors.push(`${where}: expected to be attached to a supported activity`);
    else host.boundaryEventIds.push(element.id);
    if (element.incoming.length > 0) errors.push(`${where}: expected a boundary event without incoming sequence flows`);
    if (element.outgoing.length === 0) errors.push(`${where}: expected a boundary event with at least one outgoing sequence flow`);
  }
  if (element.type === 'EXCLUSIVE_GATEWAY') {
    if (element.defaultFlowId && !element.outgoing.some((f) => f.id === element.defaultFlowId)) {
      errors.push(`${where}: expected its default flow to be one of its outgoing flows`);
    }
    if (element.outgoing.length > 1) {
      for (const flow of element.outgoing) {
        if (flow.condition === undefined && flow.id !== element.defaultFlowId) {
          errors.push(`Sequence flow '${flow.id}': expected a condition on a flow leaving exclusive gateway '${element.id}' unless it is the default flow`);
        }
      }
    }
  }
  if (element.defaultFlowId && element.type !== 'EXCLUSIVE_GATEWAY') {
    errors.push(`${where}: expected default flows only on exclusive gateways`);
  }
}
