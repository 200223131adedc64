import path from 'node:path';
import { expect } from 'chai';
import { loadForms, validateSubmission } from '../../src/forms';
import { SECTIONS, draftOf } from '../processes/planning-steps';

const forms = loadForms(path.resolve(__dirname, '../../forms'));
const form = (id: string) => {
  const found = forms.find(id);
  if (!found) throw new Error(`Expected forms/${id}.form, but there is none`);
  return found;
};

describe('forms/: the planning and budget forms check what the article asks for', () => {
  const cases: Array<{ when: string; formId: string; input: Record<string, unknown>; errors: string[] }> = [
    { when: 'the unit submits a complete plan', formId: 'plan-draft', input: draftOf('dept-b'), errors: [] },
    { when: 'the unit leaves out the goals and the budget (Art. 7(3))', formId: 'plan-draft', input: { ...draftOf('dept-a'), goals: '', budget: '' }, errors: ['goals', 'budget'] },
    { when: 'the unit leaves out the statement of fit with Digital Guangxi (Art. 7(2))', formId: 'plan-draft', input: { ...draftOf('dept-a'), fitsDigitalGuangxi: '' }, errors: ['fitsDigitalGuangxi'] },
    { when: 'the first item has no name and an estimate with three decimals', formId: 'plan-draft', input: { ...draftOf('dept-a'), item1Name: '', item1Estimate: '1.234' }, errors: ['item1Name', 'item1Estimate'] },
    { when: 'an item has a category outside Art. 2', formId: 'plan-draft', input: { ...draftOf('dept-a'), item1Category: 'toys' }, errors: ['item1Category'] },
    { when: 'the cloud chief decides without choosing', formId: 'plan-cloud-chief-approval', input: { comment: '同意' }, errors: ['decision'] },
    { when: 'an expert scores above 100', formId: 'plan-expert-review', input: { score: 120, comment: '可行' }, errors: ['score'] },
    { when: 'an out-of-plan application names no ordering body (Art. 10)', formId: 'out-of-plan-application', input: { orderReference: '文号', justification: '理由', itemName: '项目', itemCategory: 'security', itemKind: 'new', itemFundingSource: 'regional', itemEstimate: '100' }, errors: ['orderedBy'] },
    { when: 'the allotment is not an amount in yuan (Art. 11)', formId: 'budget-total', input: { budgetYear: 2027, allotment: '两百万', allotmentReference: '桂财预' }, errors: ['allotment'] },
  ];
  for (const c of cases) {
    it(`Art. ${c.formId.startsWith('budget') ? 11 : c.formId.startsWith('out-of-plan') ? 10 : c.formId === 'plan-expert-review' ? 9 : 7}: when ${c.when}, then ${c.errors.length ? `the form refuses ${c.errors.join(', ')}` : 'the form accepts it'}`, () => {
      const { errors } = validateSubmission(form(c.formId), c.input);
      expect(Object.keys(errors).sort()).to.deep.equal([...c.errors].sort());
    });
  }

  it('Art. 7: when the unit submits the plan, then the read-only notices it was shown never go back to the engine', () => {
    const { values } = validateSubmission(form('plan-draft'), { ...draftOf('dept-a'), missingList: '伪造', chiefComment: '伪造', departmentName: '伪造' });
    expect(values).to.not.have.any.keys('missingList', 'chiefComment', 'departmentName');
    expect(values.necessity).to.equal(SECTIONS.necessity);
  });

  it('Art. 30: when the Bureau decides on a flagged department, then the decision is override or exclude and the reason is free text', () => {
    const { errors, values } = validateSubmission(form('plan-flag-override'), { decision: 'override', overrideReason: '党委重大部署', flagNotice: 'x' });
    expect(errors).to.deep.equal({});
    expect(values).to.deep.equal({ decision: 'override', overrideReason: '党委重大部署' });
  });
});
