import zeebeSchema from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { lintSetup } from './lint-rules';

/** One finding of the linter: which rule, on which element, and whether it blocks a deploy. */
export interface LintProblem {
  rule: string;
  elementId?: string;
  message: string;
  category: 'error' | 'warn' | 'info';
}

let moddle: Promise<new (packages: object) => any> | undefined;

/** bpmn-moddle is an ES module; it is loaded once, on first use. */
function moddleClass(): Promise<new (packages: object) => any> {
  moddle ??= import('bpmn-moddle').then((module: any) => module.BpmnModdle ?? module.default);
  return moddle;
}

/** A fresh moddle that reads zeebe extensions, as Camunda Modeler does. */
export async function newModdle(): Promise<any> {
  const Moddle = await moddleClass();
  return new Moddle({ zeebe: zeebeSchema });
}

/**
 * Lints a parsed diagram with the rules of src/modeler/lint-rules.ts (the modeler page uses the same).
 * One linter per call: rule instances keep state (no-duplicate-sequence-flows remembers every flow it saw).
 */
export async function lintDefinitions(definitions: unknown): Promise<LintProblem[]> {
  const { Linter } = require('bpmnlint');
  const linter = new Linter(lintSetup());
  const reports: Record<string, Array<{ id?: string; message: string; category: string }>> = await linter.lint(definitions);
  const problems: LintProblem[] = [];
  for (const [rule, list] of Object.entries(reports)) {
    for (const report of list) {
      problems.push({ rule, elementId: report.id, message: report.message, category: report.category === 'error' ? 'error' : report.category === 'warn' ? 'warn' : 'info' });
    }
  }
  return problems;
}
