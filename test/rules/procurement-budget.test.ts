import { expect } from 'chai';
import { procurementBudget } from '../../src/rules/procurement-budget';

describe('rule: procurement budget (Art. 15)', () => {
  const cases: Array<{ when: string; budget: unknown; estimate: unknown; ok: boolean }> = [
    { when: 'the budget is below the estimate', budget: '2800000', estimate: '3000000.00', ok: true },
    { when: 'the budget equals the estimate to the fen', budget: '3000000', estimate: '3000000.00', ok: true },
    { when: 'the budget exceeds the estimate by one fen', budget: '3000000.01', estimate: '3000000.00', ok: false },
    { when: 'the budget exceeds the estimate', budget: '3200000', estimate: '3000000', ok: false },
    // Amounts that floating point gets wrong: 0.1 + 0.2 is 0.30000000000000004 and would exceed 0.3.
    { when: 'the budget is 0.3 and the estimate 0.30 (0.1 + 0.2 in floats is more than 0.3)', budget: '0.3', estimate: '0.30', ok: true },
    { when: 'the budget is 0.31 and the estimate 0.3', budget: '0.31', estimate: '0.3', ok: false },
    { when: 'the budget is 12345678.91 and the estimate exactly that', budget: '12345678.91', estimate: '12345678.91', ok: true },
    { when: 'the budget is 12345678.92 and the estimate one fen less', budget: '12345678.92', estimate: '12345678.91', ok: false },
    { when: 'the budget is 99999999999999.99 and the estimate one fen less (beyond a float’s precision)', budget: '99999999999999.99', estimate: '99999999999999.98', ok: false },
    { when: 'the budget is missing', budget: undefined, estimate: '3000000', ok: false },
    { when: 'the budget is zero', budget: '0.00', estimate: '3000000', ok: false },
    { when: 'the budget has three decimals', budget: '100.001', estimate: '3000000', ok: false },
    { when: 'the budget is a number, not a yuan string', budget: 2_800_000, estimate: '3000000.00', ok: false },
    { when: 'the estimate is a number, not a yuan string', budget: '100', estimate: 3_000_000, ok: false },
    { when: 'there is no estimate', budget: '100', estimate: null, ok: false },
  ];
  for (const c of cases) {
    it(`Art. 15: when ${c.when}, then the plan is ${c.ok ? 'within' : 'not within'} the rule`, () => {
      expect(procurementBudget(c.budget, c.estimate)).to.include({ ok: c.ok, article: 15 });
    });
  }
  it('Art. 15: when the budget exceeds the estimate, then the reason names both amounts as two-place yuan', () => {
    const verdict = procurementBudget('12345678.92', '12345678.9');
    expect(verdict.reason.zh).to.equal('采购预算12345678.92元超过评审通过的投资概算12345678.90元');
    expect(verdict.reason.en).to.contain('12345678.92 yuan exceeds the reviewed investment estimate of 12345678.90 yuan');
  });
});
