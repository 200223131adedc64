import { expect } from 'chai';
import type { Knex } from 'knex';
import { addToApprovedPlan, storeApprovedPlan, type NewPlanItem } from '../../src/planning/plans';
import { openSeededDatabase } from '../helpers/seeded-database';
import { countRows } from '../helpers/count-rows';

const item = (name: string, estimate: string): NewPlanItem => ({
  name,
  category: 'application',
  kind: 'new',
  fundingSource: 'regional',
  estimate,
  priority: false,
  domesticProducts: [],
  departmentId: 'dept-a',
});

describe('one approved plan per year (Art. 9, Art. 10)', () => {
  let db: Knex;
  let drop: () => Promise<void>;
  beforeEach(async () => {
    ({ db, drop } = await openSeededDatabase());
  });
  afterEach(() => drop());

  it('Art. 10: when four out-of-plan additions arrive at once for a year without a plan, then one plan is opened and the items get positions 1 to 4', async () => {
    const at = new Date('2027-05-01T02:00:00Z');
    await Promise.all(
      [1, 2, 3, 4].map((n) => addToApprovedPlan(db, { planYear: 2029, item: item(`临时项目${n}`, '100000.00'), projectId: `P2029-X${n}`, processInstanceKey: `${n}`, at })),
    );

    expect(await countRows(db('plans').where({ plan_year: 2029 }))).to.equal(1);
    const plan = await db('plans').where({ plan_year: 2029 }).first();
    expect(Number(plan.total)).to.equal(400000);
    const positions = await db('plan_items').where({ plan_id: plan.id }).orderBy('position').pluck('position');
    expect(positions).to.deep.equal([1, 2, 3, 4]);
  });

  it('Art. 9: when a second approved plan is written straight into the table for the same year, then the database refuses it', async () => {
    const row = { plan_year: 2028, status: 'approved', total: '0', summary: '{}', approved_at: new Date() };
    await db('plans').insert(row);
    let refused: unknown;
    await db('plans').insert(row).catch((error) => (refused = error));
    expect(String(refused)).to.match(/plans_one_approved_per_year|unique/i);
  });

  it('Art. 9: when the annual round is approved for a year an out-of-plan item already opened, then its items join that plan after the addition, and a retry adds nothing', async () => {
    const at = new Date('2027-05-01T02:00:00Z');
    const added = await addToApprovedPlan(db, { planYear: 2028, item: item('临时项目', '100000.00'), projectId: 'P2028-X1', processInstanceKey: '1', at });
    const round = { planYear: 2028, total: '500000.00', summary: { departments: ['dept-a'] }, items: [item('年度项目甲', '200000.00'), item('年度项目乙', '300000.00')], processInstanceKey: '99', approvedAt: at };
    const stored = await storeApprovedPlan(db, round);
    const retried = await storeApprovedPlan(db, round);

    expect(stored.planId).to.equal(added.planId);
    expect(retried).to.deep.equal(stored);
    expect(await countRows(db('plans').where({ plan_year: 2028 }))).to.equal(1);
    const items = await db('plan_items').where({ plan_id: stored.planId }).orderBy('position');
    expect(items.map((i: any) => [i.position, i.source])).to.deep.equal([[1, 'out-of-plan'], [2, 'annual'], [3, 'annual']]);
    expect(Number((await db('plans').where({ plan_year: 2028 }).first()).total)).to.equal(600000);
  });
});
