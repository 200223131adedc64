import { expect } from 'chai';
import { parseForm } from '../../src/forms';
import { sampleForm } from './sample-form';

function form(components: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ id: 'f', type: 'default', schemaVersion: 16, components, ...extra });
}

describe('forms: parseForm', () => {
  it('when the form uses every supported type, then it returns id, type, schemaVersion and the components', () => {
    const parsed = sampleForm();
    expect(parsed.id).to.equal('sample-review');
    expect(parsed.type).to.equal('default');
    expect(parsed.schemaVersion).to.equal(16);
    expect(parsed.components.map((c) => c.type)).to.deep.equal([
      'text', 'textfield', 'textfield', 'textarea', 'number', 'number', 'checkbox', 'checkbox',
      'checklist', 'select', 'radio', 'datetime',
    ]);
  });

  it('when a datetime has no subtype, then it is taken as a date field', () => {
    const parsed = parseForm(form([{ type: 'datetime', key: 'd', dateLabel: '日期' }]), 'f.form');
    expect(parsed.components[0]).to.include({ type: 'datetime', key: 'd' });
  });

  const refusals: { when: string; json: string; message: RegExp }[] = [
    { when: 'the JSON is malformed', json: '{"id": "f", ', message: /^Expected form bad\.form to be valid JSON, but / },
    { when: 'the JSON is not an object', json: '[]', message: /to be a JSON object, but it is an array/ },
    { when: 'the id is missing', json: JSON.stringify({ components: [] }), message: /to have an id, but it has none/ },
    { when: 'the id is empty', json: JSON.stringify({ id: ' ', components: [] }), message: /to have an id, but its id is " "/ },
    { when: 'components is missing', json: JSON.stringify({ id: 'f' }), message: /to have a components array, but it is missing/ },
    {
      when: 'a component has an unsupported type',
      json: form([{ type: 'textfield', key: 'a' }, { type: 'button', key: 'submit', label: '提交' }]),
      message: /to use only the types text, textfield, .*, but component #2 button "submit" \(提交\) has type "button"/,
    },
    { when: 'a component has no type', json: form([{ key: 'a' }]), message: /but component #1 untyped "a" has type missing/ },
    { when: 'an input has no key', json: form([{ type: 'number', label: '金额' }]), message: /to give component #1 number \(金额\) a key, but it has none/ },
    { when: 'an input has an empty key', json: form([{ type: 'textfield', key: '' }]), message: /a key, but its key is ""/ },
    { when: 'a key is __proto__', json: form([{ type: 'textfield', key: '__proto__' }]), message: /a usable variable name as key, but it is "__proto__"/ },
    { when: 'a key has spaces', json: form([{ type: 'textfield', key: 'a b' }]), message: /a key without spaces, but it is "a b"/ },
    {
      when: 'two components share a key',
      json: form([{ type: 'textfield', key: 'x', label: '甲' }, { type: 'textarea', key: 'x', label: '乙' }]),
      message: /to use each key once, but component #1 textfield "x" \(甲\) and component #2 textarea "x" \(乙\) both have key "x"/,
    },
    { when: 'a text component has no text', json: form([{ type: 'text' }]), message: /a string text, but it is missing/ },
    {
      when: 'a datetime is not a date',
      json: form([{ type: 'datetime', key: 'at', subtype: 'datetime' }]),
      message: /to use datetime only with subtype "date", but component #1 datetime "at" has subtype "datetime"/,
    },
    { when: 'a select has no values', json: form([{ type: 'select', key: 's' }]), message: /a non-empty static values list, but values is missing/ },
    {
      when: 'a radio takes its options from a variable',
      json: form([{ type: 'radio', key: 'r', valuesKey: 'options' }]),
      message: /a non-empty static values list, but it takes its options from "options"/,
    },
    {
      when: 'an option has no value',
      json: form([{ type: 'checklist', key: 'c', values: [{ label: '甲' }] }]),
      message: /options with a string label and value, but option #1 is \{"label":"甲"\}/,
    },
    {
      when: 'two options share a value',
      json: form([{ type: 'radio', key: 'r', values: [{ label: '甲', value: 'a' }, { label: '乙', value: 'a' }] }]),
      message: /distinct option values, but "a" appears twice/,
    },
    {
      when: 'a textfield has values',
      json: form([{ type: 'textfield', key: 't', values: [{ label: '甲', value: 'a' }] }]),
      message: /values only to select, radio and checklist, but component #1 textfield "t" is a textfield with values/,
    },
    { when: 'validate.min is a string', json: form([{ type: 'number', key: 'n', validate: { min: '1' } }]), message: /a numeric validate\.min, but it is "1"/ },
    { when: 'validate.required is a string', json: form([{ type: 'number', key: 'n', validate: { required: 'yes' } }]), message: /a boolean validate\.required/ },
    { when: 'validate.pattern is not a regular expression', json: form([{ type: 'textfield', key: 't', validate: { pattern: '([' } }]), message: /a valid validate\.pattern, but / },
    {
      when: 'a component is conditional',
      json: form([{ type: 'textfield', key: 't', conditional: { hide: '=true' } }]),
      message: /to have no conditional components \(the server cannot evaluate FEEL\), but component #1 textfield "t" has one/,
    },
  ];
  for (const { when, json, message } of refusals) {
    it(`when ${when}, then it throws "Expected form <source> to ..., but ..."`, () => {
      expect(() => parseForm(json, 'bad.form')).to.throw(Error, message);
      expect(() => parseForm(json, 'bad.form')).to.throw(/^Expected form bad\.form to /);
    });
  }
});
