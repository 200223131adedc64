import { expect } from 'chai';
import { ACCEPTANCE_CRITERIA, acceptanceReport } from '../../src/rules/acceptance-report';

const allPass = Object.fromEntries(ACCEPTANCE_CRITERIA.map((c) => [c.key, 'pass']));

describe('rule: acceptance report (Art. 21)', () => {
  const cases = [
    { when: 'all five criteria pass', results: allPass, passed: true },
    { when: 'the use of funds fails', results: { ...allPass, fundsUse: 'fail' }, passed: false },
    { when: 'data sharing was not examined', results: { ...allPass, dataSharing: undefined }, passed: false },
  ];
  for (const c of cases) {
    it(`Art. 21: when ${c.when}, then the report says ${c.passed ? 'passed' : 'failed'}`, () => {
      const { verdict, report } = acceptanceReport({ projectId: 'p1', round: 2, examinedOn: '2027-12-01', results: c.results, findings: '无' });
      expect(verdict).to.include({ ok: c.passed, article: 21 });
      expect(report.passed).to.equal(c.passed);
      expect(report.criteria).to.have.length(5);
      expect(report.round).to.equal(2);
      expect(report.conclusion).to.contain('第2轮');
    });
  }
});
