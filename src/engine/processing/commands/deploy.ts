import type { BpmnRuntime } from '../bpmn/runtime';
import type { PreparedResource } from '../../model/prepare-deployment';
import { NO_KEY } from '../../log/record';
import { accept, reject, type CommandOutcome } from './outcome';

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
export function deploy(rt: BpmnRuntime, resources: PreparedResource[] | { rejected: string; names: string[] }): CommandOutcome {
  const ctx = rt.ctx;
  const names = Array.isArray(resources) ? resources.map((r) => r.name) : resources.names;
  const command = ctx.command('DEPLOYMENT', 'CREATE', NO_KEY, { resources: names.map((resourceName) => ({ resourceName })) });
  if (!Array.isArray(resources)) return reject(ctx, command, 'INVALID_ARGUMENT', resources.rejected);
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
  ctx.event('DEPLOYMENT', 'CREATED', deploymentKey, {
    resources: resources.map((r) => ({ resourceName: r.name, checksum: r.checksum })),
    processesMetadata,
    formMetadata,
    decisionsMetadata: [],
    decisionRequirementsMetadata: [],
    tenantId: '<default>',
  });
  return accept({ deploymentKey, processesMetadata, formMetadata });
}
