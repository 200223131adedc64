import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { IMPORTED_RULES, LINT_CONFIG, lintSetup } from '../../src/modeler/lint-rules';
import { lintDefinitions, newModdle } from '../../src/modeler/lint-bpmn';

const ROOT = path.resolve(__dirname, '../..');

/**
 * The modeler page, the server and `npm run lint:bpmn` lint with one rule set: the one .bpmnlintrc names,
 * resolved here without bpmnlint's package lookup so that esbuild can bundle it.
 */
describe('modeler: the lint rules', function () {
  this.timeout(30_000);

  it('when the shared config is compared with .bpmnlintrc, then they extend the same configs', () => {
    expect(LINT_CONFIG).to.deep.equal(JSON.parse(fs.readFileSync(path.join(ROOT, '.bpmnlintrc'), 'utf8')));
  });

  it('when bpmnlint resolves the configs by package (as the CLI does) and through the static resolver, then the same rules with the same settings come out', async () => {
    const { Linter } = require('bpmnlint');
    const NodeResolver = require('bpmnlint/lib/resolver/node-resolver');
    const byPackage = await new Linter({ config: LINT_CONFIG, resolver: new NodeResolver() }).resolveConfiguredRules(LINT_CONFIG);
    const bundled = await new Linter(lintSetup()).resolveConfiguredRules(LINT_CONFIG);
    expect(bundled).to.deep.equal(byPackage);
    const enabled = Object.entries(byPackage).filter(([, value]) => (Array.isArray(value) ? value[0] : value) !== 'off').map(([name]) => name);
    const imported = [...IMPORTED_RULES.bpmnlint, ...IMPORTED_RULES['bpmnlint-plugin-camunda-compat'].map((name) => `camunda-compat/${name}`)];
    expect(imported).to.include.members(enabled);
  });

  it('when a diagram breaks a recommended and a Camunda 8.3 rule, then both are reported, with the element', async () => {
    const xml = fs
      .readFileSync(path.join(ROOT, 'processes', 'budget-arrangement.bpmn'), 'utf8')
      .replace('<bpmn:userTask id="Confirm" name="确认资金预算">', '<bpmn:userTask id="Confirm">')
      .replace(/<bpmn:serviceTask id="(\w+)" name="([^"]*)">\s*<bpmn:extensionElements>\s*<zeebe:taskDefinition [^>]*\/>/, '<bpmn:serviceTask id="$1" name="$2"><bpmn:extensionElements>');
    const { rootElement } = await (await newModdle()).fromXML(xml);
    const problems = await lintDefinitions(rootElement);
    const rules = problems.filter((p) => p.category === 'error').map((p) => p.rule);
    expect(rules).to.include('label-required');
    expect(rules).to.include('camunda-compat/implementation');
    expect(problems.find((p) => p.rule === 'label-required')?.elementId).to.equal('Confirm');
  });
});
