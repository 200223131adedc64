import { expect } from 'chai';
import { adjustmentReason } from '../../src/rules/adjustment-reason';

describe('rule: adjustment reason (Art. 18)', () => {
  const cases = [
    { reason: 'technical-optimisation', ok: true },
    { reason: 'deployment-requirement', ok: true },
    { reason: 'schedule-adjustment', ok: true },
    { reason: 'budget-increase', ok: false },
    { reason: '', ok: false },
    { reason: undefined, ok: false },
  ];
  for (const c of cases) {
    it(`Art. 18: when the reason is '${c.reason}', then the application is ${c.ok ? 'admissible' : 'rejected with that reason'}`, () => {
      const verdict = adjustmentReason(c.reason);
      expect(verdict).to.include({ ok: c.ok, article: 18 });
      if (!c.ok) expect(verdict.reason.zh).to.contain('第十八条');
    });
  }
});
