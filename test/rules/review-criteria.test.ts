import { expect } from 'chai';
import { REVIEW_CRITERIA, reviewCriteria } from '../../src/rules/review-criteria';

const full = (expert: string, value: number) => ({ expert, ...Object.fromEntries(REVIEW_CRITERIA.map((c) => [c.key, value])) });

describe('rule: review criteria (Art. 14)', () => {
  const cases = [
    { when: 'every expert scored all six criteria', panel: ['e1', 'e2'], scores: [full('e1', 80), full('e2', 90)], ok: true },
    { when: 'an expert of the panel has not scored', panel: ['e1', 'e2'], scores: [full('e1', 80)], ok: false },
    { when: 'a criterion is left out', panel: ['e1'], scores: [{ ...full('e1', 80), securityAssurance: null }], ok: false },
    { when: 'a score is above 100', panel: ['e1'], scores: [{ ...full('e1', 80), feasibility: 101 }], ok: false },
    { when: 'the panel is empty', panel: [], scores: [], ok: false },
  ];
  for (const c of cases) {
    it(`Art. 14: when ${c.when}, then the scores are ${c.ok ? 'accepted' : 'refused'}`, () => {
      const summary = reviewCriteria(c.panel, c.scores);
      expect(summary.verdict).to.include({ ok: c.ok, article: 14 });
    });
  }

  it('Art. 14: when two experts score 80 and 90, then each criterion averages 85', () => {
    const summary = reviewCriteria(['e1', 'e2'], [full('e1', 80), full('e2', 90)]);
    expect(summary.averages).to.deep.equal(Object.fromEntries(REVIEW_CRITERIA.map((c) => [c.key, 85])));
    expect(summary.overall).to.equal(85);
  });
});
