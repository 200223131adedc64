import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';

/** Art. 4: the parties of the regulation are the only candidate groups a user task may name. */
export const ROLES = [
  'user-unit', 'cloud-chief', 'big-data-bureau', 'finance', 'drc', 'info-center', 'vendor', 'expert',
  'government', 'evaluator', 'auditor', 'process-owner',
];

const dir = path.resolve(__dirname, '../../processes');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.bpmn'));

describe('processes/: user tasks belong to the parties of Art. 4', () => {
  for (const file of files) {
    it(`Art. 4: ${file}: every user task names candidate groups, all of them roles of Art. 4, and a form`, () => {
      const xml = fs.readFileSync(path.join(dir, file), 'utf8');
      const tasks = [...xml.matchAll(/<bpmn:userTask\b([^>]*)>([\s\S]*?)<\/bpmn:userTask>/g)];
      expect(tasks.length, 'user tasks in the process').to.be.greaterThan(0);
      for (const [, attributes, body] of tasks) {
        const id = /id="([^"]+)"/.exec(attributes)?.[1];
        const groups = /candidateGroups="([^"]*)"/.exec(body)?.[1];
        expect(groups, `${id} has candidate groups`).to.be.a('string');
        for (const group of groups!.split(',').map((g) => g.trim())) expect(ROLES, `${id}: ${group}`).to.include(group);
        const formKey = /formKey="([^"]+)"/.exec(body)?.[1];
        expect(formKey, `${id} has a form`).to.be.a('string');
        expect(fs.existsSync(path.resolve(__dirname, '../../forms', `${formKey}.form`)), `${id}: forms/${formKey}.form exists`).to.equal(true);
      }
    });
  }
});
