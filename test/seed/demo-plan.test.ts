import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../helpers/engine';
import { countRows } from '../helpers/count-rows';
import { loadNewItems } from '../../src/budget/candidates';
import { addToApprovedPlan } from '../../src/planning/plans';
import { seedDemoData } from '../../src/seed/demo-seed';
import { seedDemoPlan } from '../../src/seed/demo-plan';

describe('the demo seed’s approved 2027 plan (Art. 8, Art. 9, Art. 10, Art. 11)', () => {
  let t: TestEngine;

  before(async () => {
    t = await startTestEngine();
    await seedDemoData(t.db);
  });

  after(() => t.stop());

  it('Art. 9: when the demo is seeded, then one approved 2027 plan holds both demo projects, as write-plan stores a government-approved plan', async () => {
    const plans = await t.db('plans').where({ plan_year: 2027 });
    expect(plans.map((p: any) => [p.status, String(p.total), p.process_instance_key])).to.deep.equal([['approved', '7800000.00', null]]);
    const summary = typeof plans[0].summary === 'string' ? JSON.parse(plans[0].summary) : plans[0].summary;
    expect(summary).to.have.all.keys('totals', 'excluded', 'departments', 'review');
    expect(summary.totals.map((x: any) => [x.departmentId, x.itemCount, x.total])).to.deep.equal([
      ['dept-a', 1, '3000000.00'],
      ['dept-b', 1, '4800000.00'],
    ]);
    expect(summary.excluded).to.deep.equal([]);
    const items = await t.db('plan_items').where({ plan_id: plans[0].id }).orderBy('position');
    expect(items.map((i: any) => [i.position, i.project_id, i.department_id, i.source, i.priority, String(i.estimate)])).to.deep.equal([
      [1, 'gx-2027-health-data', 'dept-b', 'annual', true, '4800000.00'],
      [2, 'gx-2027-edu-identity', 'dept-a', 'annual', false, '3000000.00'],
    ]);
    for (const item of items) {
      const project = await t.db('projects').where({ id: item.project_id }).first();
      expect([item.name, item.category, item.kind, item.funding_source], 'the item repeats its project').to.deep.equal([project.name, project.category, project.kind, project.funding_source]);
    }
  });

  it('Art. 8: when the demo is seeded, then the priority item comes first and the items record their domestic products (Art. 25)', async () => {
    const items = await t.db('plan_items').whereIn('project_id', ['gx-2027-health-data', 'gx-2027-edu-identity']).orderBy('position');
    const products = items.map((i: any) => (typeof i.domestic_products === 'string' ? JSON.parse(i.domestic_products) : i.domestic_products));
    expect(products).to.deep.equal([['database', 'operating-system', 'chip'], ['database', 'operating-system']]);
  });

  it('Art. 11: when the 2027 budget looks for new items, then it finds the seeded plan’s two items in plan order with their priority', async () => {
    const items = await loadNewItems(t.db, 2027);
    expect(items.map((i) => [i.projectId, i.amount, i.priority])).to.deep.equal([
      ['gx-2027-health-data', '4800000.00', true],
      ['gx-2027-edu-identity', '3000000.00', false],
    ]);
  });

  it('Art. 10: when an out-of-plan item is approved for 2027, then it joins the seeded plan after its two items and no second plan is opened', async () => {
    const [seeded] = await t.db('plans').where({ plan_year: 2027 });
    const added = await addToApprovedPlan(t.db, {
      planYear: 2027,
      projectId: 'test-out-of-plan-2027',
      processInstanceKey: '1',
      at: new Date('2027-03-01T02:00:00Z'),
      item: { departmentId: 'dept-a', name: '招生考试视频巡查系统', category: 'security', kind: 'new', fundingSource: 'regional', estimate: '450000.00', priority: true, domesticProducts: [] },
    });
    expect(added.planId).to.equal(seeded.id);
    const item = await t.db('plan_items').where({ project_id: 'test-out-of-plan-2027' }).first();
    expect([item.position, item.source]).to.deep.equal([3, 'out-of-plan']);
    expect(String((await t.db('plans').where({ id: seeded.id }).first()).total)).to.equal('8250000.00');
    expect(await countRows(t.db('plans').where({ plan_year: 2027 }))).to.equal(1);
  });

  it('Art. 9: when the demo plan is seeded again, then nothing is added', async () => {
    const before = await countRows(t.db('plan_items'));
    expect(await seedDemoPlan(t.db)).to.equal(false);
    expect(await countRows(t.db('plan_items'))).to.equal(before);
    expect(await countRows(t.db('plans'))).to.equal(1);
  });
});
