import fs from 'node:fs';
import path from 'node:path';

/** A diagram of the repository's processes/ folder. */
export interface ProcessFile {
  bpmnProcessId: string;
  name: string;
  fileName: string;
}

const PROCESS_TAG = /<(?:[\w-]+:)?process\b([^>]*)>/;

/**
 * The diagrams of a folder, by process id. Their own files (trusted, and linted by `npm run lint:bpmn`), so
 * the id and name are read from the process tag without parsing the whole diagram.
 */
export function listProcessFiles(dir: string): ProcessFile[] {
  if (!fs.existsSync(dir)) return [];
  const files: ProcessFile[] = [];
  for (const fileName of fs.readdirSync(dir).filter((f) => f.endsWith('.bpmn')).sort()) {
    const attributes = PROCESS_TAG.exec(fs.readFileSync(path.join(dir, fileName), 'utf8'))?.[1] ?? '';
    const id = /\bid="([^"]+)"/.exec(attributes)?.[1];
    if (id) files.push({ bpmnProcessId: id, name: unescape(/\bname="([^"]*)"/.exec(attributes)?.[1] ?? '') || id, fileName });
  }
  return files;
}

export function readProcessFile(dir: string, bpmnProcessId: string): { fileName: string; xml: string } | undefined {
  const file = listProcessFiles(dir).find((f) => f.bpmnProcessId === bpmnProcessId);
  return file ? { fileName: file.fileName, xml: fs.readFileSync(path.join(dir, file.fileName), 'utf8') } : undefined;
}

function unescape(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
