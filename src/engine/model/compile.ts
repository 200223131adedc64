import { parseBpmnXml } from './parse-xml';
import { buildProcessModels } from './build-model';
import type { ProcessModel } from './model';

/** Compiles one process of an already accepted resource again (after a restart). */
export async function compileProcessXml(xml: string, bpmnProcessId: string): Promise<ProcessModel> {
  const parsed = await parseBpmnXml(xml);
  if (!parsed.ok) throw new Error(`stored resource of ${bpmnProcessId} no longer parses: ${parsed.errors.join('; ')}`);
  const built = buildProcessModels(parsed.definitions);
  if (!built.ok) throw new Error(`stored resource of ${bpmnProcessId} no longer validates: ${built.errors.join('; ')}`);
  const model = built.processes.find((p) => p.bpmnProcessId === bpmnProcessId);
  if (!model) throw new Error(`stored resource does not contain process ${bpmnProcessId}`);
  return model;
}
