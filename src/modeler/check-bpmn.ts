import { lintDefinitions, newModdle, type LintProblem } from './lint-bpmn';

/** Above this an upload is refused: the Zeebe gateway's default message limit. */
export const MAX_UPLOAD_BYTES = 4 * 1024 * 1024;

/** 'engine': the checks passed but the engine refused the deployment (its message says why). */
export type RefusalReason = 'too-large' | 'doctype' | 'not-xml' | 'not-bpmn' | 'not-form' | 'lint' | 'engine';

/** Why a diagram was refused: a value, not an exception (a bad upload is expected). */
export interface Refusal {
  ok: false;
  reason: RefusalReason;
  message: string;
  problems: LintProblem[];
  /** Known when the diagram parsed (a lint refusal). */
  bpmnProcessId?: string;
}

export interface CheckedBpmn {
  ok: true;
  /** The executable process's id (the first one when a diagram has several). */
  bpmnProcessId: string;
  processName: string;
  /** Warnings of the linter: shown, never blocking. */
  warnings: LintProblem[];
}

/**
 * The server's checks before a diagram is saved or deployed, in order: its size, a DOCTYPE (refused before
 * any parsing, so no entity is ever expanded: XXE, billion laughs), well-formed XML, BPMN with a process,
 * and the lint rules (errors block, warnings pass and are returned).
 */
export async function checkBpmn(xml: string): Promise<CheckedBpmn | Refusal> {
  const bytes = Buffer.byteLength(xml, 'utf8');
  if (bytes > MAX_UPLOAD_BYTES) {
    return refuse('too-large', `文件过大 / Expected a diagram of at most 4 MB (${MAX_UPLOAD_BYTES} bytes), but it has ${bytes} bytes; split the process or remove embedded content`);
  }
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) {
    return refuse('doctype', '不允许 DOCTYPE / Expected a BPMN document without a DOCTYPE or entity declarations, but found one; remove it (entities are never expanded)');
  }
  if (!/^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*</.test(xml)) {
    return refuse('not-xml', '不是 XML / Expected a BPMN XML document, but the upload does not start with an XML element');
  }
  let definitions: any;
  try {
    const moddle = await newModdle();
    const { rootElement, warnings } = await moddle.fromXML(xml, 'bpmn:Definitions');
    if (warnings?.length) {
      const first = String(warnings[0].message ?? warnings[0]).split('\n')[0];
      return refuse('not-bpmn', `不是有效的 BPMN / Expected valid BPMN 2.0, but ${first}${warnings.length > 1 ? ` (and ${warnings.length - 1} more)` : ''}`);
    }
    definitions = rootElement;
  } catch (error) {
    const first = String((error as Error).message).split('\n')[0];
    return refuse('not-bpmn', `不是 BPMN / Expected a BPMN 2.0 XML document (bpmn:definitions), but ${first}`);
  }
  const process = (definitions.rootElements ?? []).find((e: any) => e.$type === 'bpmn:Process' && e.isExecutable);
  if (!process) {
    return refuse('not-bpmn', '没有可执行流程 / Expected a BPMN diagram with an executable process (isExecutable="true"), but found none');
  }
  const problems = await lintDefinitions(definitions);
  const errors = problems.filter((p) => p.category === 'error');
  if (errors.length > 0) {
    return { ok: false, reason: 'lint', bpmnProcessId: process.id, message: `检查未通过 / Expected a diagram without lint errors, but found ${errors.length}; fix them and try again`, problems };
  }
  return { ok: true, bpmnProcessId: process.id, processName: process.name || process.id, warnings: problems };
}

export function refuse(reason: RefusalReason, message: string): Refusal {
  return { ok: false, reason, message, problems: [] };
}
