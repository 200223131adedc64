import { expect } from 'chai';
import { securityAssessmentDue } from '../../src/rules/security-assessment-due';

describe('yearly security assessment due (Art. 25)', () => {
  const now = new Date('2027-01-15T01:00:00Z');
  const cases: Array<[string, string, string | null, boolean]> = [
    ['in operation and never assessed', 'in-operation', null, true],
    ['in operation, assessed 13 months ago', 'in-operation', '2025-12-15T01:00:00Z', true],
    ['in operation, assessed exactly a year ago', 'in-operation', '2026-01-15T01:00:00Z', true],
    ['in operation, assessed 11 months ago', 'in-operation', '2026-02-15T01:00:00Z', false],
    ['still in construction', 'in-construction', null, false],
    ['accepted but not yet in operation', 'accepted', '2020-01-01T00:00:00Z', false],
  ];
  for (const [situation, status, last, due] of cases) {
    it(`Art. 25: when a system is ${situation}, then its assessment is ${due ? '' : 'not '}due`, () => {
      const verdict = securityAssessmentDue({ status, lastAssessedAt: last ? new Date(last) : null }, now);
      expect(verdict).to.include({ due, article: 25 });
      expect(verdict.reason.zh).to.be.a('string').and.not.empty;
    });
  }
});
