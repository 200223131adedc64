import fs from 'node:fs';
import path from 'node:path';
import { lintDefinitions, newModdle } from '../src/modeler/lint-bpmn';

/**
 * bpmnlint over BPMN files with the project's rules (bpmnlint's recommended rules plus Camunda 8.3
 * compatibility, as in .bpmnlintrc), reading zeebe extensions as Camunda Modeler does. The rules are the
 * ones the modeler lints with, in the page and on the server (src/modeler/lint-rules.ts).
 * `npm run lint:bpmn` lints processes/.
 */
export interface LintProblem {
  file: string;
  rule: string;
  id?: string;
  message: string;
  category: string;
}

export async function lintBpmn(files: string[]): Promise<LintProblem[]> {
  const problems: LintProblem[] = [];
  for (const file of files) {
    const { rootElement, warnings } = await (await newModdle()).fromXML(fs.readFileSync(file, 'utf8'));
    for (const warning of warnings) problems.push({ file, rule: 'import', message: warning.message, category: 'error' });
    for (const p of await lintDefinitions(rootElement)) problems.push({ file, rule: p.rule, id: p.elementId, message: p.message, category: p.category });
  }
  return problems;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const dir = path.resolve(__dirname, '..', 'processes');
  const files = args.length > 0 ? args : fs.readdirSync(dir).filter((f) => f.endsWith('.bpmn')).map((f) => path.join(dir, f));
  lintBpmn(files).then((problems) => {
    for (const p of problems) console.log(`${path.relative(process.cwd(), p.file)}  ${p.category}  ${p.id ?? ''}  ${p.message}  (${p.rule})`);
    console.log(problems.length === 0 ? `${files.length} diagrams, no problems` : `${problems.length} problems`);
    process.exit(problems.some((p) => p.category === 'error') ? 1 : 0);
  });
}
