import type { BpmnRuntime } from '../bpmn/runtime';
import type { ProcessDefinition, ProcessInstanceValue } from '../../state/types';
import { NO_KEY } from '../../log/record';
import { accept, reject, type CommandOutcome } from './outcome';

export interface CreateInstanceRequest {
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
  variables: Record<string, unknown>;
  /** CREATE_WITH_AWAITING_RESULT when the caller waits for the end. */
  intent: 'CREATE' | 'CREATE_WITH_AWAITING_RESULT';
}

export function createInstance(rt: BpmnRuntime, request: CreateInstanceRequest): CommandOutcome {
  const ctx = rt.ctx;
  const command = ctx.command('PROCESS_INSTANCE_CREATION', request.intent, NO_KEY, {
    bpmnProcessId: request.bpmnProcessId,
    version: request.version,
    processDefinitionKey: request.processDefinitionKey,
    variables: request.variables,
    startInstructions: [],
    tenantId: '<default>',
  });
  const found = findDefinition(rt, request);
  if (typeof found === 'string') return reject(ctx, command, found.startsWith('Expected at least') ? 'INVALID_ARGUMENT' : 'NOT_FOUND', found);
  const definition = found;
  if (!ctx.state.model(definition.key).elements.get(definition.bpmnProcessId)!.startEventId) {
    return reject(ctx, command, 'INVALID_STATE', 'Expected to create instance of process with none start event, but there is no such event');
  }
  const key = startInstance(rt, definition, request.variables);
  return accept({
    processDefinitionKey: definition.key,
    bpmnProcessId: definition.bpmnProcessId,
    version: definition.version,
    processInstanceKey: key,
  });
}

/**
 * Starts an instance of a process at its none start event, or at the given start event (timer or message).
 * Returns the process instance key.
 */
export function startInstance(
  rt: BpmnRuntime,
  definition: ProcessDefinition,
  variables: Record<string, unknown>,
  startElementId?: string,
  key = rt.ctx.nextKey(),
  parent = { parentProcessInstanceKey: NO_KEY, parentElementInstanceKey: NO_KEY },
): string {
  const ctx = rt.ctx;
  const model = ctx.state.model(definition.key);
  const processElement = model.elements.get(model.bpmnProcessId)!;
  const base: ProcessInstanceValue = {
    bpmnProcessId: definition.bpmnProcessId,
    version: definition.version,
    processDefinitionKey: definition.key,
    processInstanceKey: key,
    elementId: definition.bpmnProcessId,
    flowScopeKey: NO_KEY,
    bpmnElementType: 'PROCESS',
    bpmnEventType: 'UNSPECIFIED',
    ...parent,
    tenantId: '<default>',
  };
  const instance = rt.activate(processElement, base, NO_KEY, key);
  rt.variables.setLocal(instance, variables);
  ctx.event('PROCESS_INSTANCE_CREATION', 'CREATED', key, {
    bpmnProcessId: definition.bpmnProcessId,
    version: definition.version,
    processDefinitionKey: definition.key,
    processInstanceKey: key,
    variables,
    startInstructions: [],
    tenantId: '<default>',
  });
  if (startElementId) rt.startAt(key, startElementId);
  rt.continueActivation(instance);
  return key;
}

/** The bpmnProcessId wins over the key; version -1 means the latest. Returns the reason when none matches. */
function findDefinition(rt: BpmnRuntime, request: CreateInstanceRequest): ProcessDefinition | string {
  const state = rt.state;
  if (request.bpmnProcessId) {
    if (request.version >= 0) {
      return (
        state.processByVersion(request.bpmnProcessId, request.version) ??
        `Expected to find process definition with process ID '${request.bpmnProcessId}' and version '${request.version}', but none found`
      );
    }
    return state.latestProcess(request.bpmnProcessId) ?? `Expected to find process definition with process ID '${request.bpmnProcessId}', but none found`;
  }
  if (request.processDefinitionKey && request.processDefinitionKey !== NO_KEY && request.processDefinitionKey !== '0') {
    return (
      state.processes.get(request.processDefinitionKey) ??
      `Expected to find process definition with key '${request.processDefinitionKey}', but none found`
    );
  }
  return 'Expected at least a bpmnProcessId or a key greater than -1, but none given';
}

export function cancelInstance(rt: BpmnRuntime, processInstanceKey: string): CommandOutcome {
  const ctx = rt.ctx;
  const command = ctx.command('PROCESS_INSTANCE', 'CANCEL', processInstanceKey, {});
  const instance = ctx.state.elementInstances.get(processInstanceKey);
  if (!instance || instance.value.bpmnElementType !== 'PROCESS' || instance.state === 'ELEMENT_TERMINATING') {
    return reject(ctx, command, 'NOT_FOUND', `Expected to cancel a process instance with key '${processInstanceKey}', but no such process was found`);
  }
  if (instance.value.parentProcessInstanceKey !== NO_KEY) {
    return reject(
      ctx,
      command,
      'INVALID_STATE',
      `Expected to cancel a process instance with key '${processInstanceKey}', but it is created by a parent process instance. Cancel the root process instance '${rootOf(rt, instance.value.parentProcessInstanceKey)}' instead.`,
    );
  }
  rt.terminate(instance);
  return accept();
}

export function setVariables(
  rt: BpmnRuntime,
  request: { elementInstanceKey: string; variables: Record<string, unknown>; local: boolean },
): CommandOutcome {
  const ctx = rt.ctx;
  const updateSemantics = request.local ? 'LOCAL' : 'PROPAGATE';
  const value = { scopeKey: request.elementInstanceKey, updateSemantics, variables: request.variables, tenantId: '<default>' };
  const command = ctx.command('VARIABLE_DOCUMENT', 'UPDATE', NO_KEY, value);
  const scope = ctx.state.elementInstances.get(request.elementInstanceKey);
  if (!scope) {
    return reject(ctx, command, 'NOT_FOUND', `Expected to update variables for element with key '${request.elementInstanceKey}', but no such element was found`);
  }
  const key = ctx.nextKey();
  ctx.event('VARIABLE_DOCUMENT', 'UPDATED', key, value);
  if (request.local) rt.variables.setLocal(scope, request.variables);
  else rt.variables.propagate(scope, request.variables);
  return accept({ key });
}

/**
 * Resolving an incident retries what failed: a job incident hands the job out again (once it has retries);
 * an element incident repeats the step the element was stuck in.
 */
export function resolveIncident(rt: BpmnRuntime, incidentKey: string): CommandOutcome {
  const ctx = rt.ctx;
  const command = ctx.command('INCIDENT', 'RESOLVE', incidentKey, {});
  const incident = ctx.state.incidents.get(incidentKey);
  if (!incident) {
    return reject(ctx, command, 'NOT_FOUND', `Expected to resolve incident with key '${incidentKey}', but no such incident was found`);
  }
  const jobKey = incident.value.jobKey;
  const job = jobKey !== NO_KEY ? ctx.state.jobs.get(jobKey) : undefined;
  if (job && job.state === 'FAILED' && job.value.retries <= 0) {
    return reject(
      ctx,
      command,
      'NOT_FOUND',
      `Expected to resolve incident with key '${incidentKey}', but job with key '${jobKey}' has no retries left. Please update the job retries and retry resolving the incident`,
    );
  }
  ctx.event('INCIDENT', 'RESOLVED', incidentKey, incident.value);
  if (job) {
    ctx.jobTypesAvailable.add(job.value.type);
    return accept();
  }
  const instance = ctx.state.elementInstances.get(incident.value.elementInstanceKey);
  if (!instance) return accept();
  if (instance.state === 'ELEMENT_ACTIVATING') rt.continueActivation(instance);
  else if (instance.state === 'ELEMENT_COMPLETING') rt.continueCompletion(instance);
  return accept();
}

function rootOf(rt: BpmnRuntime, processInstanceKey: string): string {
  let key = processInstanceKey;
  for (let parent = rt.state.elementInstances.get(key); parent && parent.value.parentProcessInstanceKey !== NO_KEY; ) {
    key = parent.value.parentProcessInstanceKey;
    parent = rt.state.elementInstances.get(key);
  }
  return key;
}
