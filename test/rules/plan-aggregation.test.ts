import { expect } from 'chai';
import { aggregatePlans, type DepartmentPlan } from '../../src/rules/plan-aggregation';
import type { PlanItem } from '../../src/rules/plan-item';

const item = (name: string, estimate: string, priority = false): PlanItem => ({ name, category: 'application', kind: 'new', fundingSource: 'regional', estimate, priority, domesticProducts: [] });
const dept = (departmentId: string, items: PlanItem[], included = true): DepartmentPlan => ({
  departmentId, departmentName: departmentId, included, exclusionReason: included ? null : { zh: '被标记', en: 'flagged' }, items,
});

describe('rule: aggregation into one regional plan (Art. 8)', () => {
  const cases: Array<{ when: string; plans: DepartmentPlan[]; order: string[]; totals: [string, string][]; total: string; excluded: string[] }> = [
    {
      when: 'two departments submit, one item of the second is a priority',
      plans: [dept('dept-a', [item('a1', '100.10'), item('a2', '0.20')]), dept('dept-b', [item('b1', '300'), item('b2', '50.00', true)])],
      order: ['b2', 'a1', 'a2', 'b1'], totals: [['dept-a', '100.30'], ['dept-b', '350.00']], total: '450.30', excluded: [],
    },
    {
      when: 'priority items come from both departments',
      plans: [dept('dept-a', [item('a1', '1', false), item('a2', '2', true)]), dept('dept-b', [item('b1', '3', true)])],
      order: ['a2', 'b1', 'a1'], totals: [['dept-a', '3.00'], ['dept-b', '3.00']], total: '6.00', excluded: [],
    },
    {
      when: 'one department is left out under Art. 30',
      plans: [dept('dept-a', [item('a1', '10')]), dept('dept-b', [item('b1', '99', true)], false)],
      order: ['a1'], totals: [['dept-a', '10.00']], total: '10.00', excluded: ['dept-b'],
    },
    { when: 'no department submits', plans: [], order: [], totals: [], total: '0.00', excluded: [] },
    {
      when: 'amounts would lose cents in floating point',
      plans: [dept('dept-a', [item('a1', '0.10'), item('a2', '0.20')])],
      order: ['a1', 'a2'], totals: [['dept-a', '0.30']], total: '0.30', excluded: [],
    },
  ];
  for (const c of cases) {
    it(`Art. 8: when ${c.when}, then the plan lists ${c.order.join(', ') || 'nothing'} with totals per department`, () => {
      const result = aggregatePlans(2028, c.plans);
      expect(result.ok).to.equal(true);
      expect(result.article).to.equal(8);
      expect(result.plan.items.map((i) => i.name)).to.deep.equal(c.order);
      expect(result.plan.items.map((i) => i.position)).to.deep.equal(c.order.map((_, i) => i + 1));
      expect(result.plan.totals.map((t) => [t.departmentId, t.total])).to.deep.equal(c.totals);
      expect(result.plan.total).to.equal(c.total);
      expect(result.plan.excluded.map((e) => e.departmentId)).to.deep.equal(c.excluded);
      expect(result.plan.planYear).to.equal(2028);
    });
  }
});
