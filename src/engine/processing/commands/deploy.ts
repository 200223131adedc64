import type { BpmnRuntime } from '../bpmn/runtime';
import type { PreparedResource } from '../../model/prepare-deployment';
import { NO_KEY } from '../../log/record';
import { accept, reject, type CommandOutcome } from './outcome';
import { evaluateTimer } from '../../feel/timer-expressions';
import { cancelTimers } from '../bpmn/timers';
import { replaceSignalStarts } from '../bpmn/signals';
import type { TimerValue } from '../../state/types';
import type { ProcessModel } from '../../model/model';
import { startFromBufferedMessages } from './message-commands';

export interface ProcessMetadata {
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
  resourceName: string;
  checksum: string;
  duplicate: boolean;
  tenantId: string;
}

export interface FormMetadata {
  formId: string;
  version: number;
  formKey: string;
  resourceName: string;
  checksum: string;
  duplicate: boolean;
  tenantId: string;
}

/**
 * Assigns versions: a process or form identical to its latest version (same checksum and resource name)
 * is not deployed again and keeps its key and version; anything else becomes version n+1.
 */
interface StartSchedule {
  elementId: string;
  dueDate: number;
  repetitions: number;
}

/**
 * Evaluates the timer start events of every process in the deployment before anything is written or any
 * key is taken; a timer that cannot be evaluated rejects the deployment. Returns the reason on failure.
 */
function evaluateStartTimers(rt: BpmnRuntime, resources: PreparedResource[]): Map<string, StartSchedule[]> | string {
  const schedules = new Map<string, StartSchedule[]>();
  for (const resource of resources) {
    if (resource.kind !== 'bpmn') continue;
    for (const model of resource.processes) {
      const list: StartSchedule[] = [];
      for (const id of model.elements.get(model.bpmnProcessId)!.timerStartEventIds ?? []) {
        const event = model.elements.get(id)!;
        const schedule = evaluateTimer(event.timer!.kind, event.timer!.text, {}, rt.ctx.now);
        if (!schedule.ok) {
          return `Expected to deploy new resources, but encountered the following errors:\n'${resource.name}': \n    - Element '${id}': ${schedule.message}`;
        }
        list.push({ elementId: id, dueDate: schedule.dueDate, repetitions: schedule.repetitions });
      }
      schedules.set(model.bpmnProcessId, list);
    }
  }
  return schedules;
}

/** A new version replaces the timer start events of the versions before it, as in Zeebe. */
function replaceStartTimers(rt: BpmnRuntime, meta: ProcessMetadata, schedules: StartSchedule[]): void {
  for (const previous of rt.state.processVersions.get(meta.bpmnProcessId) ?? []) {
    if (previous.key !== meta.processDefinitionKey) cancelTimers(rt, `definition:${previous.key}`);
  }
  for (const schedule of schedules) {
    const timer: TimerValue = {
      elementInstanceKey: NO_KEY,
      processInstanceKey: NO_KEY,
      processDefinitionKey: meta.processDefinitionKey,
      targetElementId: schedule.elementId,
      dueDate: schedule.dueDate,
      repetitions: schedule.repetitions,
      tenantId: '<default>',
    };
    rt.ctx.event('TIMER', 'CREATED', rt.ctx.nextKey(), timer);
  }
}

/**
 * A new version's message start events replace those of the versions before it. Returns the keys of the
 * new start subscriptions.
 */
function replaceMessageStarts(rt: BpmnRuntime, meta: ProcessMetadata, model: ProcessModel): string[] {
  for (const start of [...rt.state.messageStartSubscriptions.values()]) {
    if (start.value.bpmnProcessId === meta.bpmnProcessId) rt.ctx.event('MESSAGE_START_EVENT_SUBSCRIPTION', 'DELETED', start.key, start.value);
  }
  const keys: string[] = [];
  for (const id of model.elements.get(model.bpmnProcessId)!.messageStartEventIds ?? []) {
    const key = rt.ctx.nextKey();
    keys.push(key);
    rt.ctx.event('MESSAGE_START_EVENT_SUBSCRIPTION', 'CREATED', key, {
      processDefinitionKey: meta.processDefinitionKey,
      bpmnProcessId: meta.bpmnProcessId,
      startEventId: id,
      messageName: model.elements.get(id)!.message!.name,
      messageKey: NO_KEY,
      correlationKey: '',
      processInstanceKey: NO_KEY,
      variables: {},
      tenantId: '<default>',
    });
  }
  return keys;
}

export function deploy(rt: BpmnRuntime, resources: PreparedResource[] | { rejected: string; names: string[] }): CommandOutcome {
  const ctx = rt.ctx;
  const names = Array.isArray(resources) ? resources.map((r) => r.name) : resources.names;
  const command = ctx.command('DEPLOYMENT', 'CREATE', NO_KEY, { resources: names.map((resourceName) => ({ resourceName })) });
  if (!Array.isArray(resources)) return reject(ctx, command, 'INVALID_ARGUMENT', resources.rejected);
  const startTimers = evaluateStartTimers(rt, resources);
  if (typeof startTimers === 'string') return reject(ctx, command, 'INVALID_ARGUMENT', startTimers);
  const deploymentKey = ctx.nextKey();
  const processesMetadata: ProcessMetadata[] = [];
  const formMetadata: FormMetadata[] = [];
  const records: Array<() => void> = [];
  for (const resource of resources) {
    if (resource.kind === 'form') {
      const latest = ctx.state.latestForm(resource.formId);
      const duplicate = latest !== undefined && latest.checksum === resource.checksum && latest.resourceName === resource.name;
      const meta: FormMetadata = {
        formId: resource.formId,
        version: duplicate ? latest!.version : (latest?.version ?? 0) + 1,
        formKey: duplicate ? latest!.key : ctx.nextKey(),
        resourceName: resource.name,
        checksum: resource.checksum,
        duplicate,
        tenantId: '<default>',
      };
      formMetadata.push(meta);
      if (!duplicate) records.push(() => ctx.event('FORM', 'CREATED', meta.formKey, { ...meta, deploymentKey, resource: resource.content }));
      continue;
    }
    for (const process of resource.processes) {
      const latest = ctx.state.latestProcess(process.bpmnProcessId);
      const duplicate = latest !== undefined && latest.checksum === resource.checksum && latest.resourceName === resource.name;
      const meta: ProcessMetadata = {
        bpmnProcessId: process.bpmnProcessId,
        version: duplicate ? latest!.version : (latest?.version ?? 0) + 1,
        processDefinitionKey: duplicate ? latest!.key : ctx.nextKey(),
        resourceName: resource.name,
        checksum: resource.checksum,
        duplicate,
        tenantId: '<default>',
      };
      processesMetadata.push(meta);
      if (duplicate) continue;
      // Models are a cache beside state, keyed by definition key; after a restart they are rebuilt from the XML.
      ctx.state.models.set(meta.processDefinitionKey, process);
      records.push(() =>
        ctx.event('PROCESS', 'CREATED', meta.processDefinitionKey, { ...meta, deploymentKey, resource: resource.content }),
      );
    }
  }
  for (const write of records) write();
  const messageStarts: string[] = [];
  for (const meta of processesMetadata) {
    if (meta.duplicate) continue;
    replaceStartTimers(rt, meta, startTimers.get(meta.bpmnProcessId) ?? []);
    messageStarts.push(...replaceMessageStarts(rt, meta, ctx.state.model(meta.processDefinitionKey)));
    replaceSignalStarts(rt, meta.processDefinitionKey, meta.bpmnProcessId);
  }
  ctx.event('DEPLOYMENT', 'CREATED', deploymentKey, {
    resources: resources.map((r) => ({ resourceName: r.name, checksum: r.checksum })),
    processesMetadata,
    formMetadata,
    decisionsMetadata: [],
    decisionRequirementsMetadata: [],
    tenantId: '<default>',
  });
  // Messages published before the deployment and still within their time to live start instances now.
  for (const key of messageStarts) startFromBufferedMessages(rt, key);
  return accept({ deploymentKey, processesMetadata, formMetadata });
}
