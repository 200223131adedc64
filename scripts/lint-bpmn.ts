import fs from 'node:fs';
import path from 'node:path';
import zeebeSchema from 'zeebe-bpmn-moddle/resources/zeebe.json';

/**
 * bpmnlint over BPMN files with the project's .bpmnlintrc (bpmnlint's recommended rules plus Camunda 8.3
 * compatibility), reading zeebe extensions as Camunda Modeler does. `npm run lint:bpmn` lints processes/.
 */
export interface LintProblem {
  file: string;
  rule: string;
  id?: string;
  message: string;
  category: string;
}

export async function lintBpmn(files: string[]): Promise<LintProblem[]> {
  const { Linter } = require('bpmnlint');
  const NodeResolver = require('bpmnlint/lib/resolver/node-resolver');
  const config = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '.bpmnlintrc'), 'utf8'));
  const module: any = await import('bpmn-moddle');
  const Moddle = module.BpmnModdle ?? module.default;
  const problems: LintProblem[] = [];
  for (const file of files) {
    // One linter per file: rule instances keep state (no-duplicate-sequence-flows remembers every flow it
    // saw), so a shared linter reports flows of another diagram with the same ids as duplicates.
    const linter = new Linter({ config, resolver: new NodeResolver() });
    const moddle = new Moddle({ zeebe: zeebeSchema });
    const { rootElement, warnings } = await moddle.fromXML(fs.readFileSync(file, 'utf8'));
    for (const warning of warnings) problems.push({ file, rule: 'import', message: warning.message, category: 'error' });
    const reports: Record<string, Array<{ id?: string; message: string; category: string }>> = await linter.lint(rootElement);
    for (const [rule, list] of Object.entries(reports)) {
      for (const report of list) problems.push({ file, rule, id: report.id, message: report.message, category: report.category });
    }
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
