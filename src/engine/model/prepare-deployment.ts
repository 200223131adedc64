import { createHash } from 'node:crypto';
import { MAX_RESOURCE_BYTES, parseBpmnXml } from './parse-xml';
import { buildProcessModels } from './build-model';
import type { ProcessModel } from './model';

export type PreparedResource =
  | { kind: 'bpmn'; name: string; checksum: string; content: string; processes: ProcessModel[] }
  | { kind: 'form'; name: string; checksum: string; content: string; formId: string };

export type PreparedDeployment = { ok: true; resources: PreparedResource[] } | { ok: false; reason: string };

/**
 * Reads and validates every resource of a deployment before anything is written, so that a bad resource
 * rejects the whole deployment and leaves no trace in state. The reason lists every problem, per resource.
 */
export async function prepareDeployment(resources: Array<{ name: string; content: Buffer }>): Promise<PreparedDeployment> {
  if (resources.length === 0) return { ok: false, reason: 'Expected to deploy at least one resource, but none given' };
  const prepared: PreparedResource[] = [];
  const problems: string[] = [];
  for (const resource of resources) {
    const result = await prepareResource(resource.name, resource.content);
    if ('errors' in result) problems.push(`'${resource.name}': ${result.errors.map((e) => `\n    - ${e}`).join('')}`);
    else prepared.push(result);
  }
  const duplicate = findDuplicateProcessId(prepared);
  if (duplicate) problems.push(duplicate);
  if (problems.length > 0) {
    return { ok: false, reason: `Expected to deploy new resources, but encountered the following errors:\n${problems.join('\n')}` };
  }
  return { ok: true, resources: prepared };
}

async function prepareResource(name: string, content: Buffer): Promise<PreparedResource | { errors: string[] }> {
  if (content.length > MAX_RESOURCE_BYTES) {
    return { errors: [`Expected a resource of at most ${MAX_RESOURCE_BYTES} bytes, but it has ${content.length} bytes`] };
  }
  const text = content.toString('utf8');
  const checksum = createHash('md5').update(content).digest('hex');
  if (/\.(bpmn|xml)$/i.test(name)) {
    const parsed = await parseBpmnXml(text);
    if (!parsed.ok) return { errors: parsed.errors };
    const built = buildProcessModels(parsed.definitions);
    if (!built.ok) return { errors: built.errors };
    return { kind: 'bpmn', name, checksum, content: text, processes: built.processes };
  }
  if (/\.form$/i.test(name)) return prepareForm(name, text, checksum);
  if (/\.dmn$/i.test(name)) return { errors: ['Expected a BPMN or form resource, but DMN decisions are not supported yet'] };
  return { errors: ['unknown resource type: expected a name ending in .bpmn, .xml or .form'] };
}

function prepareForm(name: string, text: string, checksum: string): PreparedResource | { errors: string[] } {
  let form: unknown;
  try {
    form = JSON.parse(text);
  } catch (error) {
    return { errors: [`Expected a form in JSON, but ${(error as Error).message}`] };
  }
  const formId = (form as { id?: unknown })?.id;
  if (typeof form !== 'object' || form === null || typeof formId !== 'string' || formId.trim() === '') {
    return { errors: ["Expected the form to have a non-empty string 'id', but found none"] };
  }
  return { kind: 'form', name, checksum, content: text, formId };
}

function findDuplicateProcessId(resources: PreparedResource[]): string | undefined {
  const seen = new Map<string, string>();
  for (const resource of resources) {
    if (resource.kind !== 'bpmn') continue;
    for (const process of resource.processes) {
      const other = seen.get(process.bpmnProcessId);
      if (other !== undefined) return `Duplicated process id in resources '${other}' and '${resource.name}'`;
      seen.set(process.bpmnProcessId, resource.name);
    }
  }
  return undefined;
}
