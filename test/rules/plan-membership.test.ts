import { expect } from 'chai';
import { planMembership } from '../../src/rules/plan-membership';

describe('rule: plan membership (Art. 5)', () => {
  const cases = [
    { when: 'the project is in the approved 2027 plan', project: { planYear: 2027, status: 'approved' }, ok: true },
    { when: 'the project is already in construction', project: { planYear: 2027, status: 'in-construction' }, ok: true },
    { when: 'the project has no plan year', project: { planYear: null, status: 'approved' }, ok: false },
    { when: 'the plan holding the project is not approved yet', project: { planYear: 2027, status: 'planned' }, ok: false },
    { when: 'the project does not exist', project: undefined, ok: false },
  ];
  for (const c of cases) {
    it(`Art. 5: when ${c.when}, then it ${c.ok ? 'may' : 'may not'} enter requirements research`, () => {
      const verdict = planMembership(c.project);
      expect(verdict.ok).to.equal(c.ok);
      expect(verdict.article).to.equal(5);
      expect(verdict.reason.zh).to.be.a('string').and.not.empty;
      expect(verdict.reason.en).to.be.a('string').and.not.empty;
    });
  }
});
