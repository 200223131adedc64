import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { loadTaskForms } from '../../src/tasklist/forms-adapter';
import { loadProcessNames } from '../../src/tasklist/process-names';

const ROOT = path.resolve(__dirname, '../..');

/** The regulation's own diagrams and forms, read as `npm start` reads them for the task list. */
describe('task list: the processes and forms of this repository', () => {
  const files = fs.existsSync(path.join(ROOT, 'processes')) ? fs.readdirSync(path.join(ROOT, 'processes')).filter((f) => f.endsWith('.bpmn')) : [];

  it('when the task list reads processes/, then every process and every user task has its Chinese name, and every formKey has its form', async () => {
    const names = await loadProcessNames(path.join(ROOT, 'processes'));
    const forms = loadTaskForms(path.join(ROOT, 'forms'));
    const problems: string[] = [];
    let userTasks = 0;
    for (const file of files) {
      const xml = fs.readFileSync(path.join(ROOT, 'processes', file), 'utf8');
      const processId = path.basename(file, '.bpmn');
      if (names.processName(processId) === processId) problems.push(`${processId}: no process name`);
      for (const match of xml.matchAll(/<bpmn:userTask id="([^"]+)"[\s\S]*?<\/bpmn:userTask>/g)) {
        const [element, elementId] = match;
        userTasks++;
        if (names.elementName(processId, elementId) === elementId) problems.push(`${processId}#${elementId}: no name`);
        const formKey = /formKey="([^"]+)"/.exec(element)?.[1];
        if (formKey && !forms.find(formKey)) problems.push(`${processId}#${elementId}: form '${formKey}' not in forms/`);
      }
    }
    expect(problems).to.deep.equal([]);
    if (files.length > 0) expect(userTasks, 'user tasks found in processes/').to.be.greaterThan(0);
    expect(names.processes().map((p) => p.id)).to.include.members(files.map((f) => path.basename(f, '.bpmn')));
  });
});
