import { expect } from 'chai';
import { securityAssessmentDue } from '../../src/rules/security-assessment-due';

describe('yearly security assessment due (Art. 25)', () => {
  const now = new Date('2027-01-15T01:00:00Z'); // the yearly round: 15 January, 09:00 Beijing
  const cases: Array<[string, string, string | null, boolean, RegExp]> = [
    ['in operation and never assessed', 'in-operation', null, true, /never been assessed/],
    ['in operation, assessed 13 months ago', 'in-operation', '2025-12-15T01:00:00Z', true, /last assessment was in 2025/],
    ['in operation, assessed on 20 January last year (less than 365 days ago)', 'in-operation', '2026-01-20T03:00:00Z', true, /last assessment was in 2026; none yet in 2027/],
    ['in operation, assessed ten days ago in this year', 'in-operation', '2027-01-05T01:00:00Z', false, /already assessed in 2027/],
    ['in operation, assessed at 01:00 on 1 January Beijing time (still 31 December in UTC)', 'in-operation', '2026-12-31T17:00:00Z', false, /already assessed in 2027/],
    ['still in construction', 'in-construction', null, false, /not in operation/],
    ['accepted but not yet in operation', 'accepted', '2020-01-01T00:00:00Z', false, /not in operation/],
  ];
  for (const [situation, status, last, due, reason] of cases) {
    it(`Art. 25: when a system is ${situation}, then its assessment is ${due ? '' : 'not '}due`, () => {
      const verdict = securityAssessmentDue({ status, lastAssessedAt: last ? new Date(last) : null }, now);
      expect(verdict).to.include({ due, article: 25 });
      expect(verdict.reason.en).to.match(reason);
      expect(verdict.reason.zh).to.be.a('string').and.not.empty;
    });
  }
});
