import path from 'node:path';
import { expect } from 'chai';
import { loadForms, validateSubmission } from '../../src/forms';
import { FINDING_TYPES } from '../../src/rules/supervision-contract-state';

/** The operation chapter's forms check what their articles ask for before anything reaches the engine. */
describe('forms of security, supervision and dual evaluation (Art. 25, 28–31)', () => {
  const forms = loadForms(path.resolve(__dirname, '../../forms'));
  const check = (formId: string, input: Record<string, unknown>) => validateSubmission(forms.find(formId)!, input);

  const table: Array<[string, string, Record<string, unknown>, string[]]> = [
    ['Art. 25', 'security-test-report', { testDate: '2027-01-20', riskLevel: 'low', findings: '未发现高危漏洞，日志留存合规', domesticDatabase: true }, []],
    ['Art. 25', 'security-test-report', { testDate: '2027-01-20', riskLevel: 'severe', findings: '短' }, ['findings', 'riskLevel']],
    ['Art. 28', 'supervision-materials', { materials: '2026年第四季度运维报告与巡检记录', materialsTruthful: true }, []],
    ['Art. 28', 'supervision-materials', { materials: '2026年第四季度运维报告与巡检记录' }, ['materialsTruthful']],
    ['Art. 28', 'supervision-user-feedback', { userSatisfaction: 'partly-satisfied', userProblems: ['slow-response'], userComment: '报修响应超过合同约定的4小时' }, []],
    ['Art. 28', 'supervision-user-feedback', { userSatisfaction: 'delighted', userProblems: ['late-invoice'] }, ['userProblems', 'userSatisfaction']],
    ['Art. 28', 'supervision-user-feedback', { userComment: '无' }, ['userSatisfaction']],
    ['Art. 29', 'supervision-inspection', { findingTypes: ['scheme-changed', 'inadequate-security'], rectificationDays: 30 }, []],
    ['Art. 29', 'supervision-inspection', { findingTypes: ['late-invoice'], rectificationDays: 0 }, ['findingTypes', 'rectificationDays']],
    ['Art. 31', 'vendor-evaluation', { score: 88, comment: '服务及时' }, []],
    ['Art. 31', 'vendor-evaluation', { score: 120, comment: '' }, ['comment', 'score']],
    ['Art. 31', 'user-unit-evaluation', { score: -1, comment: '使用率低' }, ['score']],
    ['Art. 30', 'digital-guangxi-mark', { digitalGuangxiMark: 'not-met', bureauComment: '未接入共享平台' }, []],
    ['Art. 30', 'digital-guangxi-mark', {}, ['digitalGuangxiMark']],
  ];
  for (const [article, formId, input, invalid] of table) {
    it(`${article}: when ${formId} is submitted with ${JSON.stringify(input)}, then ${invalid.length ? `${invalid.join(' and ')} are refused` : 'it is accepted'}`, () => {
      expect(Object.keys(check(formId, input).errors).sort()).to.deep.equal(invalid);
    });
  }

  it('Art. 28: when the Bureau submits the inspection form, then the user unit\'s answer it shows is read-only and not taken from the submission', () => {
    const form = forms.find('supervision-inspection')!;
    const shown = form.components.filter((c: any) => ['userSatisfaction', 'userProblems', 'userComment'].includes(c.key)) as any[];
    expect(shown.map((c) => [c.key, c.readonly])).to.deep.equal([['userSatisfaction', true], ['userProblems', true], ['userComment', true]]);
    const result = validateSubmission(form, { userSatisfaction: 'satisfied', findingTypes: [], rectificationDays: 30 });
    expect(result.errors).to.deep.equal({});
    expect(result.values).to.not.have.property('userSatisfaction');
  });

  it('Art. 29: when the inspection form is loaded, then it offers exactly the five kinds of finding of the article, the same the worker accepts', () => {
    const component = forms.find('supervision-inspection')!.components.find((c: any) => c.key === 'findingTypes') as any;
    expect(component.values.map((v: any) => v.value)).to.deep.equal([...FINDING_TYPES]);
  });
});
