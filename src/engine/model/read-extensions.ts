import { checkSyntax, isExpression } from '../feel/expression';
import type { CalledElementDefinition, ElementModel, JobDefinition, Mapping, UserTaskDefinition } from './model';
import { checkAttribute } from './check-attribute';

// Reads the zeebe: extension elements of a flow node (task definition, headers, user task, io mapping, called element).

export function extensionElements(node: any): any[] {
  return node.extensionElements?.values ?? [];
}

export function findExtension(extensions: any[], type: string): any | undefined {
  return extensions.find((e) => e.$type === type);
}

/** Business rule, script and send tasks run here only as jobs, not with Zeebe's built-in DMN or FEEL scripts. */
export function readJobTask(extensions: any[], where: string, errors: string[]): JobDefinition | undefined {
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

export function readTaskDefinition(extensions: any[], where: string, errors: string[]): JobDefinition | undefined {
  const definition = findExtension(extensions, 'zeebe:TaskDefinition');
  if (!definition || !definition.type || String(definition.type).trim() === '') {
    errors.push(`${where}: expected a zeebe:taskDefinition with a non-empty type, but found none`);
    return undefined;
  }
  checkAttribute(definition.type, `${where} task type`, errors);
  if (definition.retries !== undefined) checkAttribute(String(definition.retries), `${where} retries`, errors);
  return { type: definition.type, retries: definition.retries ?? '3', headers: readHeaders(extensions) };
}

export function readHeaders(extensions: any[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const header of findExtension(extensions, 'zeebe:TaskHeaders')?.values ?? []) {
    // Zeebe leaves out headers without a value.
    if (header.key !== undefined && header.value !== undefined && header.value !== '') headers[header.key] = header.value;
  }
  return headers;
}

export function readUserTask(extensions: any[], where: string, errors: string[]): UserTaskDefinition {
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

export function readIoMapping(element: ElementModel, extensions: any[], where: string, errors: string[]): void {
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

/** zeebe:calledElement: the process to call and which variables cross over (both directions by default). */
export function readCalledElement(extensions: any[], where: string, errors: string[]): CalledElementDefinition | undefined {
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
