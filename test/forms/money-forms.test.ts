import path from 'node:path';
import { expect } from 'chai';
import { loadForms, validateSubmission } from '../../src/forms';

const forms = loadForms(path.resolve(__dirname, '../../forms'));

/** Every amount the construction chapter enters, by form: all are yuan strings, never numbers (src/rules/money.ts). */
const AMOUNTS: Array<{ formId: string; key: string; article: number }> = [
  { formId: 'construction-scheme', key: 'investmentEstimate', article: 13 },
  { formId: 'procurement-plan', key: 'procurementBudget', article: 15 },
  { formId: 'procurement-result', key: 'bidAmount', article: 15 },
  { formId: 'contract-draft', key: 'contractAmount', article: 16 },
];

const field = (formId: string, key: string) => {
  const form = forms.find(formId);
  if (!form) throw new Error(`Expected forms/${formId}.form, but there is none`);
  const component = form.components.find((c: any) => c.key === key) as any;
  if (!component) throw new Error(`Expected field '${key}' in forms/${formId}.form, but there is none`);
  return { form, component };
};

describe('forms/: amounts in the construction chapter are yuan strings', () => {
  for (const { formId, key, article } of AMOUNTS) {
    it(`Art. ${article}: when ${formId} asks for ${key}, then it is a required textfield in 元 with the yuan pattern`, () => {
      const { component } = field(formId, key);
      expect(component.type).to.equal('textfield');
      expect(component.label).to.contain('元');
      expect(component.validate).to.include({ required: true });
      expect(component.validate.pattern).to.be.a('string');
    });

    const cases: Array<{ input: unknown; accepted: boolean }> = [
      { input: '12345678.91', accepted: true },
      { input: '0.3', accepted: true },
      { input: '2750000', accepted: true },
      { input: '99999999999999.99', accepted: true },
      { input: '0', accepted: false },
      { input: '0.00', accepted: false },
      { input: '1.234', accepted: false },
      { input: '-5', accepted: false },
      { input: '1e6', accepted: false },
      { input: '100000000000000', accepted: false },
      { input: '两百万', accepted: false },
      { input: 0.1 + 0.2, accepted: false },
      { input: 2_750_000, accepted: false },
    ];
    for (const c of cases) {
      it(`Art. ${article}: when ${key} is ${typeof c.input === 'number' ? `the number ${c.input}` : JSON.stringify(c.input)}, then ${formId} ${c.accepted ? 'passes it on as that string' : 'refuses it'}`, () => {
        const { form } = field(formId, key);
        const { values, errors } = validateSubmission(form, { [key]: c.input });
        if (c.accepted) {
          expect(errors).to.not.have.property(key);
          expect(values[key]).to.equal(c.input);
        } else {
          expect(errors).to.have.property(key);
        }
      });
    }
  }

  it('Art. 13: when the cloud chief reviews the scheme, then the estimate is shown read-only in 元 as text and never sent back', () => {
    const { form, component } = field('scheme-department-review', 'investmentEstimate');
    expect([component.type, component.readonly]).to.deep.equal(['textfield', true]);
    expect(component.label).to.contain('元');
    expect(validateSubmission(form, { investmentEstimate: '1.00' }).values).to.not.have.property('investmentEstimate');
  });

  it('Art. 13, Art. 15, Art. 16, Art. 19: when any construction, acceptance or adjustment form is read, then no amount is a number field', () => {
    const chapterForms = ['construction-scheme', 'scheme-department-review', 'procurement-plan', 'procurement-result', 'contract-draft', 'acceptance-application', 'acceptance-organisation', 'acceptance-examination', 'acceptance-rectification', 'adjustment-application', 'adjustment-decision'];
    for (const formId of chapterForms) {
      const form = forms.find(formId)!;
      expect(form, formId).to.not.equal(undefined);
      const numbers = form.components.filter((c: any) => c.type === 'number').map((c: any) => c.key);
      expect(numbers, `${formId} number fields`).to.deep.equal([]);
    }
  });
});
