import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { lintBpmn } from '../../scripts/lint-bpmn';
import { diagramProblems } from '../helpers/diagram-checks';

const dir = path.resolve(__dirname, '../../processes');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.bpmn'));

describe('processes/: every diagram would deploy on Zeebe 8.3 and renders cleanly', () => {
  for (const file of files) {
    it(`${file}: bpmnlint (recommended + camunda-compat 8.3) reports nothing`, async () => {
      const problems = await lintBpmn([path.join(dir, file)]);
      expect(problems.map((p) => `${p.category} ${p.id ?? ''}: ${p.message} (${p.rule})`)).to.deep.equal([]);
    });

    it(`${file}: every element has a shape or edge and no shapes overlap`, async () => {
      expect(await diagramProblems(fs.readFileSync(path.join(dir, file), 'utf8'))).to.deep.equal([]);
    });

    it(`${file}: the process id is the file name, so deployments and call activities find it`, () => {
      const xml = fs.readFileSync(path.join(dir, file), 'utf8');
      expect(xml).to.match(new RegExp(`<bpmn:process id="${path.basename(file, '.bpmn')}"`));
    });
  }
});
