import fs from 'node:fs';
import path from 'node:path';

/**
 * Names of processes and their steps, read from the BPMN files the application deploys. Zeebe 8.3's gateway
 * has no call that returns a process's name, so the task list reads the same files; an id it cannot name
 * (a diagram deployed from elsewhere) is shown as the id.
 */
export interface ProcessNames {
  processName(bpmnProcessId: string): string;
  elementName(bpmnProcessId: string, elementId: string): string;
  /** Every known process, by id, for the list's process filter. */
  processes(): Array<{ id: string; name: string }>;
}

export function namesFrom(entries: Map<string, { name: string; elements: Map<string, string> }>): ProcessNames {
  return {
    processName: (id) => entries.get(id)?.name || id,
    elementName: (id, elementId) => entries.get(id)?.elements.get(elementId) || elementId,
    processes: () => [...entries].map(([id, entry]) => ({ id, name: entry.name || id })).sort((a, b) => a.id.localeCompare(b.id)),
  };
}

/** Reads every .bpmn file of a folder (a missing folder gives no names). */
export async function loadProcessNames(dir: string): Promise<ProcessNames> {
  const entries = new Map<string, { name: string; elements: Map<string, string> }>();
  if (fs.existsSync(dir)) {
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.bpmn')).sort()) {
      for (const [id, entry] of await namesInBpmn(fs.readFileSync(path.join(dir, file), 'utf8'))) entries.set(id, entry);
    }
  }
  return namesFrom(entries);
}

let moddle: Promise<any> | undefined;

/** bpmn-moddle is an ES module: loaded on first use. */
function getModdle(): Promise<any> {
  moddle ??= import('bpmn-moddle').then((module: any) => new (module.BpmnModdle ?? module.default)());
  return moddle;
}

export async function namesInBpmn(xml: string): Promise<Map<string, { name: string; elements: Map<string, string> }>> {
  // Entities could make a small file expand without bound; our own diagrams never declare any.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) return new Map();
  const { rootElement } = await (await getModdle()).fromXML(xml, 'bpmn:Definitions');
  const result = new Map<string, { name: string; elements: Map<string, string> }>();
  for (const root of rootElement.rootElements ?? []) {
    if (root.$type !== 'bpmn:Process') continue;
    const elements = new Map<string, string>();
    collect(root.flowElements ?? [], elements);
    result.set(root.id, { name: root.name ?? '', elements });
  }
  return result;
}

function collect(flowElements: any[], into: Map<string, string>): void {
  for (const element of flowElements) {
    if (element.name) into.set(element.id, element.name);
    if (element.flowElements) collect(element.flowElements, into);
  }
}
