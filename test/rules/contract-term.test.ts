import { expect } from 'chai';
import { contractTerm } from '../../src/rules/contract-term';

const parties = { userUnit: '自治区教育厅', constructionUnit: '自治区信息中心', implementingUnit: '广西数智科技有限公司' };

describe('rule: contract term (Art. 16)', () => {
  const cases = [
    { when: 'three parties sign for 24 months', draft: { ...parties, startDate: '2027-03-01', endDate: '2029-03-01' }, ok: true },
    { when: 'the term is exactly 36 months', draft: { ...parties, startDate: '2027-03-01', endDate: '2030-03-01' }, ok: true },
    { when: 'the term is 36 months and one day', draft: { ...parties, startDate: '2027-03-01', endDate: '2030-03-02' }, ok: false },
    { when: 'the term is 37 months', draft: { ...parties, startDate: '2027-03-01', endDate: '2030-04-01' }, ok: false },
    { when: 'the term is 37 months with the Bureau’s reasoned exception', draft: { ...parties, startDate: '2027-03-01', endDate: '2030-04-01', termExceptionReason: '国家平台对接周期' }, ok: true },
    { when: 'the term is 37 months and the exception reason is blank', draft: { ...parties, startDate: '2027-03-01', endDate: '2030-04-01', termExceptionReason: '  ' }, ok: false },
    { when: 'only two parties sign', draft: { ...parties, implementingUnit: '', startDate: '2027-03-01', endDate: '2028-03-01' }, ok: false },
    { when: 'two parties are the same unit', draft: { ...parties, implementingUnit: '自治区信息中心', startDate: '2027-03-01', endDate: '2028-03-01' }, ok: false },
    { when: 'two parties sign even with an exception reason', draft: { ...parties, userUnit: null, startDate: '2027-03-01', endDate: '2028-03-01', termExceptionReason: '特殊' }, ok: false },
    { when: 'the end date is before the start date', draft: { ...parties, startDate: '2027-03-01', endDate: '2027-02-01' }, ok: false },
    { when: 'the start date is not a date', draft: { ...parties, startDate: '2027-02-30', endDate: '2028-02-01' }, ok: false },
    { when: 'a 31 January start ends on the last day 36 months later', draft: { ...parties, startDate: '2027-01-31', endDate: '2030-01-31' }, ok: true },
  ];
  for (const c of cases) {
    it(`Art. 16: when ${c.when}, then the contract ${c.ok ? 'passes' : 'goes back to drafting'}`, () => {
      expect(contractTerm(c.draft)).to.include({ ok: c.ok, article: 16 });
    });
  }

  it('Art. 16: when a 37-month term passes by exception, then the reason names the exception', () => {
    const verdict = contractTerm({ ...parties, startDate: '2027-03-01', endDate: '2030-04-01', termExceptionReason: '国家平台对接周期' });
    expect(verdict.reason.zh).to.contain('国家平台对接周期');
  });
});
