import type { ElementBehaviour } from './behaviours';
import type { BpmnRuntime } from './runtime';
import type { Failure } from './failure';
import type { ElementInstance, JobValue } from '../../state/types';
import type { ElementModel } from '../../model/model';
import { evaluateAttribute, evaluateDateTime, evaluateString, evaluateStringList } from '../../feel/expression';

const HEADER_PREFIX = 'io.camunda.zeebe:';

/**
 * Service and user tasks: the element waits for a job. Zeebe 8.3 runs a user task as a job of type
 * io.camunda.zeebe:userTask whose reserved headers carry the form, assignment and schedule.
 */
export const jobTaskBehaviour: ElementBehaviour = {
  prepare: (rt, instance, element) => prepareJob(rt, instance, element),
  beforeActivated: (rt, _instance, _element, prepared) => {
    const job = prepared as JobValue;
    rt.ctx.event('JOB', 'CREATED', rt.ctx.nextKey(), job);
    rt.ctx.jobTypesAvailable.add(job.type);
  },
  onActivated: () => undefined,
};

function prepareJob(rt: BpmnRuntime, instance: ElementInstance, element: ElementModel): JobValue | Failure {
  const definition = element.job!;
  const variables = rt.state.visibleVariables(instance.key);
  const options = { now: () => rt.ctx.now };
  const type = evaluateString(definition.type, variables, options);
  if (!type.ok) return extractFailure(type.message);
  const retries = evaluateAttribute(definition.retries, variables, options);
  const retryCount = retries.ok ? Number(retries.value) : NaN;
  if (!retries.ok || !Number.isInteger(retryCount)) {
    return extractFailure(retries.ok ? `Expected retries to be a number, but was '${String(retries.value)}'` : retries.message);
  }
  const headers: Record<string, string> = { ...definition.headers };
  if (element.userTask) {
    const failure = addUserTaskHeaders(rt, element, variables, headers);
    if (failure) return failure;
  }
  return {
    type: String(type.value),
    worker: '',
    retries: retryCount,
    retryBackoff: 0,
    recurringTime: -1,
    deadline: -1,
    timeout: -1,
    customHeaders: headers,
    errorMessage: '',
    errorCode: '',
    variables: {},
    bpmnProcessId: instance.value.bpmnProcessId,
    processDefinitionVersion: instance.value.version,
    processDefinitionKey: instance.value.processDefinitionKey,
    processInstanceKey: instance.value.processInstanceKey,
    elementId: instance.value.elementId,
    elementInstanceKey: instance.key,
    tenantId: instance.value.tenantId,
  };
}

function addUserTaskHeaders(
  rt: BpmnRuntime,
  element: ElementModel,
  variables: Record<string, unknown>,
  headers: Record<string, string>,
): Failure | undefined {
  const task = element.userTask!;
  const options = { now: () => rt.ctx.now };
  if (task.formKey) headers[`${HEADER_PREFIX}formKey`] = task.formKey;
  if (task.formId) {
    const form = rt.state.latestForm(task.formId);
    if (!form) {
      return {
        errorType: 'FORM_NOT_FOUND',
        message: `Expected to find a form with id '${task.formId}', but no form with this id is deployed. Deploy the form, then resolve the incident.`,
      };
    }
    headers[`${HEADER_PREFIX}formKey`] = form.key;
  }
  const fields: Array<[keyof typeof task, string, typeof evaluateString]> = [
    ['assignee', 'assignee', evaluateString],
    ['candidateGroups', 'candidateGroups', evaluateStringList],
    ['candidateUsers', 'candidateUsers', evaluateStringList],
    ['dueDate', 'dueDate', evaluateDateTime],
    ['followUpDate', 'followUpDate', evaluateDateTime],
  ];
  for (const [field, header, evaluateField] of fields) {
    const text = task[field];
    if (text === undefined) continue;
    const result = evaluateField(text, variables, options);
    if (!result.ok) return extractFailure(result.message);
    if (result.value === null || result.value === undefined) continue;
    headers[`${HEADER_PREFIX}${header}`] = typeof result.value === 'string' ? result.value : JSON.stringify(result.value);
  }
  return undefined;
}

function extractFailure(message: string): Failure {
  return { errorType: 'EXTRACT_VALUE_ERROR', message };
}
