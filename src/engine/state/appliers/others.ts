import type { LogRecord } from '../../log/record';
import type { EngineState } from '../engine-state';
import { setJobState } from './job';
import type { FormDefinition, IncidentValue, ProcessDefinition, TimerValue } from '../types';

type Applier = (state: EngineState, record: LogRecord) => void;

const incidentAppliers: Record<string, Applier> = {
  CREATED: (state, record) => {
    state.incidents.set(record.key, { key: record.key, value: record.value as unknown as IncidentValue });
  },
  /** Resolving a job's incident hands the job out again when it has retries left (or threw an unhandled error). */
  RESOLVED: (state, record) => {
    const incident = state.incidents.get(record.key);
    state.incidents.delete(record.key);
    const job = incident && incident.value.jobKey !== '-1' ? state.jobs.get(incident.value.jobKey) : undefined;
    if (!job) return;
    if ((job.state === 'FAILED' && job.value.retries > 0) || job.state === 'ERROR_THROWN') {
      job.value.recurringTime = -1;
      setJobState(state, job, 'ACTIVATABLE');
    }
  },
};

const variableAppliers: Record<string, Applier> = {
  CREATED: setVariable,
  UPDATED: setVariable,
};

function setVariable(state: EngineState, record: LogRecord): void {
  const value = record.value as { name: string; value: string; scopeKey: string };
  let scope = state.variables.get(value.scopeKey);
  if (!scope) state.variables.set(value.scopeKey, (scope = new Map()));
  scope.set(value.name, { key: record.key, json: value.value });
}

const processAppliers: Record<string, Applier> = {
  CREATED: (state, record) => {
    const value = record.value as Record<string, any>;
    const definition: ProcessDefinition = {
      key: record.key,
      bpmnProcessId: value.bpmnProcessId,
      version: value.version,
      resourceName: value.resourceName,
      checksum: value.checksum,
      deploymentKey: value.deploymentKey,
      resource: value.resource,
    };
    state.processes.set(record.key, definition);
    const versions = state.processVersions.get(definition.bpmnProcessId) ?? [];
    versions.push(definition);
    state.processVersions.set(definition.bpmnProcessId, versions);
  },
};

const formAppliers: Record<string, Applier> = {
  CREATED: (state, record) => {
    const value = record.value as Record<string, any>;
    const form: FormDefinition = {
      key: record.key,
      formId: value.formId,
      version: value.version,
      resourceName: value.resourceName,
      checksum: value.checksum,
      deploymentKey: value.deploymentKey,
      resource: value.resource,
    };
    state.forms.set(record.key, form);
    const versions = state.formVersions.get(form.formId) ?? [];
    versions.push(form);
    state.formVersions.set(form.formId, versions);
  },
};

/** Start-event timers belong to their process definition, the others to the element instance that waits. */
export function timerOwner(value: TimerValue): string {
  return value.elementInstanceKey === '-1' ? `definition:${value.processDefinitionKey}` : value.elementInstanceKey;
}

export function addTimer(state: EngineState, key: string, value: TimerValue): void {
  state.timers.set(key, { key, value });
  state.timerDueDates.set(key, value.dueDate);
  const owner = timerOwner(value);
  let keys = state.timersByOwner.get(owner);
  if (!keys) state.timersByOwner.set(owner, (keys = new Set()));
  keys.add(key);
}

function removeTimer(state: EngineState, key: string): void {
  const timer = state.timers.get(key);
  if (!timer) return;
  state.timers.delete(key);
  state.timerDueDates.delete(key);
  const owner = timerOwner(timer.value);
  const keys = state.timersByOwner.get(owner);
  keys?.delete(key);
  if (keys && keys.size === 0) state.timersByOwner.delete(owner);
}

const timerAppliers: Record<string, Applier> = {
  CREATED: (state, record) => addTimer(state, record.key, record.value as unknown as TimerValue),
  TRIGGERED: (state, record) => removeTimer(state, record.key),
  CANCELED: (state, record) => removeTimer(state, record.key),
};

export const otherAppliers: Record<string, Record<string, Applier>> = {
  TIMER: timerAppliers,
  INCIDENT: incidentAppliers,
  VARIABLE: variableAppliers,
  PROCESS: processAppliers,
  FORM: formAppliers,
};
