import { expect } from 'chai';
import { procurementBudget } from '../../src/rules/procurement-budget';

describe('rule: procurement budget (Art. 15)', () => {
  const cases = [
    { when: 'the budget is below the estimate', budget: 2_800_000, estimate: '3000000.00', ok: true },
    { when: 'the budget equals the estimate to the fen', budget: 3_000_000, estimate: 3_000_000, ok: true },
    { when: 'the budget exceeds the estimate by one fen', budget: 3_000_000.01, estimate: '3000000.00', ok: false },
    { when: 'the budget exceeds the estimate', budget: 3_200_000, estimate: 3_000_000, ok: false },
    { when: 'the budget is missing', budget: undefined, estimate: 3_000_000, ok: false },
    { when: 'there is no estimate', budget: 100, estimate: null, ok: false },
  ];
  for (const c of cases) {
    it(`Art. 15: when ${c.when}, then the plan is ${c.ok ? 'within' : 'not within'} the rule`, () => {
      expect(procurementBudget(c.budget, c.estimate)).to.include({ ok: c.ok, article: 15 });
    });
  }
});
