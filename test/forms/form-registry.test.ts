import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formRegistry, loadForms, parseForm } from '../../src/forms';
import { sampleFormJson } from './sample-form';

function formFile(id: string): string {
  return JSON.stringify({ id, type: 'default', schemaVersion: 16, components: [{ type: 'textfield', key: 'note', label: '备注' }] });
}

describe('forms: loadForms and FormRegistry.find', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govit-forms-'));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function write(name: string, content: string): void {
    fs.writeFileSync(path.join(dir, name), content);
  }

  describe('given a directory with two form files and other files', () => {
    beforeEach(() => {
      write('sample-review.form', sampleFormJson);
      write('plan-approval.form', formFile('plan-approval'));
      write('notes.json', formFile('not-a-form-file'));
      fs.mkdirSync(path.join(dir, 'nested'));
      fs.writeFileSync(path.join(dir, 'nested', 'deeper.form'), formFile('deeper'));
    });

    const lookups: { formKey: string | undefined; id: string | undefined; why: string }[] = [
      { formKey: 'plan-approval', id: 'plan-approval', why: 'the plain form id finds the form' },
      { formKey: 'sample-review', id: 'sample-review', why: 'the plain form id finds the form' },
      { formKey: 'camunda-forms:bpmn:plan-approval', id: 'plan-approval', why: 'the camunda-forms:bpmn: prefix is taken off' },
      { formKey: '2251799813685249', id: undefined, why: 'a numeric deployed form key is not resolved' },
      { formKey: 'unknown-form', id: undefined, why: 'an unknown id finds nothing' },
      { formKey: 'camunda-forms:bpmn:unknown-form', id: undefined, why: 'an unknown prefixed id finds nothing' },
      { formKey: '', id: undefined, why: 'an empty formKey finds nothing' },
      { formKey: undefined, id: undefined, why: 'a task without a formKey finds nothing' },
      { formKey: 'not-a-form-file', id: undefined, why: 'files not named *.form are not read' },
      { formKey: 'deeper', id: undefined, why: 'subdirectories are not read' },
    ];
    for (const { formKey, id, why } of lookups) {
      it(`when find(${JSON.stringify(formKey)}), then ${id ?? 'undefined'} (${why})`, () => {
        expect(loadForms(dir).find(formKey)?.id).to.equal(id);
      });
    }

    it('when a form is found, then its components are the parsed ones', () => {
      const form = loadForms(dir).find('sample-review');
      expect(form).to.deep.equal(parseForm(sampleFormJson, 'x'));
    });
  });

  it('when a form file is malformed, then loadForms throws naming the file', () => {
    write('broken.form', '{"id": ');
    const file = path.join(dir, 'broken.form');
    expect(() => loadForms(dir)).to.throw(`Expected form ${file} to be valid JSON, but `);
  });

  it('when two files hold the same form id, then loadForms throws naming both', () => {
    write('a.form', formFile('same'));
    write('b.form', formFile('same'));
    expect(() => loadForms(dir)).to.throw(
      `Expected every form in ${dir} to have its own id, but ${path.join(dir, 'a.form')} and ${path.join(dir, 'b.form')} both have id "same"`,
    );
  });

  it('when a formKey is all digits, then it is taken as a deployed form key even if a form had that id', () => {
    write('digits.form', formFile('2251799813685249'));
    expect(loadForms(dir).find('2251799813685249')).to.equal(undefined);
  });

  it('when the directory has no form files, then every lookup finds nothing', () => {
    expect(loadForms(dir).find('anything')).to.equal(undefined);
  });

  it('when formRegistry gets two forms with one id, then it throws', () => {
    const form = parseForm(formFile('twice'), 'twice.form');
    expect(() => formRegistry([form, form])).to.throw('Expected every form to have its own id, but two forms have id "twice"');
  });
});
