import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { loadForms } from '../../src/forms';

describe('forms/: the forms deployed with the processes', () => {
  it('when loaded as the task list loads them, then every form parses and is found by its id', () => {
    const dir = path.resolve(__dirname, '../../forms');
    const registry = loadForms(dir);
    for (const file of fs.readdirSync(dir).filter((f: string) => f.endsWith('.form'))) {
      const id = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')).id;
      expect(id, `${file}: the id is the file name`).to.equal(path.basename(file, '.form'));
      expect(registry.find(id)?.id).to.equal(id);
    }
  });
});
