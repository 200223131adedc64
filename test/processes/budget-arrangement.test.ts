import { expect } from 'chai';
import type { Knex } from 'knex';
import { taskVariables } from '../helpers/department-task';
import { startScenario, type Scenario } from '../helpers/scenario';
import { countRows } from '../helpers/count-rows';

/**
 * Given, for 2028 (the demo seed's projects belong to 2027, so they stay out of this budget): dept-a builds
 * B-1 under contract C-1 (400,000) and B-4 without a contract yet (estimate 200,000); dept-b runs B-2 under
 * O&M contract C-2 (300,000) and B-3, whose contract is still marked active but ended in 2027.
 * The approved 2028 plan holds N-1 (dept-a, 600,000) and the priority item N-2 (dept-b, 250,000).
 */
async function givenProjectsAndContracts(db: Knex): Promise<void> {
  const project = (id: string, departmentId: string, status: string, estimate: string, planYear: number | null) => ({
    id, name: `项目 ${id}`, department_id: departmentId, category: 'application', kind: 'new', funding_source: 'regional', plan_year: planYear, status, estimate,
  });
  await db('projects').insert([
    project('B-1', 'dept-a', 'in-construction', '500000.00', 2026),
    project('B-2', 'dept-b', 'in-operation', '900000.00', 2025),
    project('B-3', 'dept-b', 'in-operation', '100000.00', 2024),
    project('B-4', 'dept-a', 'in-construction', '200000.00', 2026),
    project('N-1', 'dept-a', 'approved', '600000.00', 2028),
    project('N-2', 'dept-b', 'approved', '250000.00', 2028),
  ]);
  const contract = (id: string, projectId: string, userUnit: string, start: string, end: string, amount: string, status: string) => ({
    id, project_id: projectId, user_unit: userUnit, construction_unit: '自治区信息中心', implementing_unit: '某科技公司', start_date: start, end_date: end, amount, status, signed_at: new Date(`${start}T00:00:00Z`),
  });
  await db('contracts').insert([
    contract('C-1', 'B-1', 'dept-a', '2026-03-01', '2028-02-28', '400000.00', 'active'),
    contract('C-2', 'B-2', 'dept-b', '2026-01-01', '2028-12-31', '300000.00', 'active'),
    contract('C-3', 'B-3', 'dept-b', '2024-01-01', '2027-12-31', '100000.00', 'active'),
  ]);
  const [plan] = await db('plans').insert({ plan_year: 2028, status: 'approved', total: '850000.00', summary: JSON.stringify({}), approved_at: new Date('2026-09-30T00:00:00Z') }).returning('id');
  const planId = typeof plan === 'object' ? plan.id : plan;
  const item = (projectId: string, departmentId: string, estimate: string, priority: boolean, position: number) => ({
    plan_id: planId, project_id: projectId, department_id: departmentId, name: `项目 ${projectId}`, category: 'application', kind: 'new', funding_source: 'regional', estimate, priority, domestic_products: JSON.stringify([]), source: 'annual', position,
  });
  await db('plan_items').insert([item('N-2', 'dept-b', '250000.00', true, 1), item('N-1', 'dept-a', '600000.00', false, 2)]);
}

describe('budget-arrangement: the year’s budget within Finance’s allotment (Art. 11)', function () {
  let s: Scenario;

  beforeEach(async () => {
    s = await startScenario({ processes: ['budget-arrangement'] });
    await givenProjectsAndContracts(s.t.db);
  });
  afterEach(async () => {
    await s.stop();
  });

  async function reviewAndConfirm(key: string, decision = 'confirm'): Promise<void> {
    const drc = await s.userTask('DrcBudgetReview', key);
    const finance = await s.userTask('FinanceBudgetReview', key);
    expect([drc.candidateGroups, finance.candidateGroups]).to.deep.equal([['drc'], ['finance']]);
    await s.complete(drc, { decision: 'approve', comment: '同意' });
    await s.complete(finance, { decision: 'approve', comment: '资金已落实' });
    const confirm = await s.userTask('Confirm', key);
    expect(confirm.candidateGroups).to.deep.equal(['big-data-bureau']);
    await s.complete(confirm, { decision, comment: decision === 'confirm' ? '确认' : '资金规模需调整' });
  }

  it('Art. 11: when the allotment covers everything, then both departments get their commitments and new items funded, commitments first', async () => {
    const key = await s.start('budget-arrangement');
    await s.complete(await s.userTask('EnterTotal', key), { budgetYear: 2028, allotment: '2000000.00', allotmentReference: '桂财预〔2027〕5号' });
    await reviewAndConfirm(key);
    await s.waitForEnd(key);
    expect(await s.path(key)).to.deep.equal([
      'StartBudget', 'JoinTotal', 'EnterTotal', 'Allocate', 'BudgetReviewSplit', 'DrcBudgetReview', 'FinanceBudgetReview', 'BudgetReviewJoin', 'Confirm', 'Confirmed', 'StoreAllocations', 'BudgetSet',
    ]);
    const vars = await s.variables(key);
    const allocation = vars.budgetAllocation as any;
    expect(allocation.allocations.map((a: any) => [a.projectId, a.kind, a.amount, a.funded])).to.deep.equal([
      ['B-1', 'construction-commitment', '400000.00', true],
      ['B-4', 'construction-commitment', '200000.00', true],
      ['B-2', 'operation-commitment', '300000.00', true],
      ['N-2', 'new-item', '250000.00', true],
      ['N-1', 'new-item', '600000.00', true],
    ]);
    expect(allocation.perDepartment).to.deep.equal([
      { departmentId: 'dept-a', commitments: '600000.00', newItems: '600000.00', total: '1200000.00' },
      { departmentId: 'dept-b', commitments: '300000.00', newItems: '250000.00', total: '550000.00' },
    ]);
    expect([vars.allFunded, vars.unfunded]).to.deep.equal([true, []]);
    const budget = await s.t.db('budgets').where({ process_instance_key: key }).first();
    expect([budget.year, String(budget.allotment), String(budget.allocated), budget.allotment_reference]).to.deep.equal([2028, '2000000.00', '1750000.00', '桂财预〔2027〕5号']);
    const rows = await s.t.db('budget_allocations').where({ budget_id: budget.id }).orderBy('id');
    expect(rows.map((r: any) => [r.department_id, r.project_id, r.contract_id, r.kind, String(r.amount), r.funded])).to.deep.equal([
      ['dept-a', 'B-1', 'C-1', 'construction-commitment', '400000.00', true],
      ['dept-a', 'B-4', null, 'construction-commitment', '200000.00', true],
      ['dept-b', 'B-2', 'C-2', 'operation-commitment', '300000.00', true],
      ['dept-b', 'N-2', null, 'new-item', '250000.00', true],
      ['dept-a', 'N-1', null, 'new-item', '600000.00', true],
    ]);
  });

  it('Art. 11: when the allotment is too small, then commitments and the priority item are funded, the rest is listed as unfunded, and nothing exceeds the allotment', async () => {
    const key = await s.start('budget-arrangement');
    await s.complete(await s.userTask('EnterTotal', key), { budgetYear: 2028, allotment: '1200000', allotmentReference: '桂财预〔2027〕5号' });
    const drc = await s.userTask('DrcBudgetReview', key);
    expect((await taskVariables(s, key, drc.jobKey)).unfundedList, 'DRC sees what is unfunded').to.equal('未安排　新增项目　dept-a　项目 N-1：600000.00 元');
    const vars = await s.variables(key);
    expect(vars.allFunded).to.equal(false);
    expect((vars.unfunded as any[]).map((u) => [u.projectId, u.amount])).to.deep.equal([['N-1', '600000.00']]);
    expect((vars.budgetAllocation as any).allocated).to.equal('1150000.00');
    expect((vars.budgetAllocation as any).remaining).to.equal('50000.00');
    expect((vars.allocationReason as any).zh).to.contain('未安排资金');
    await reviewAndConfirm(key);
    await s.waitForEnd(key);
    const budget = await s.t.db('budgets').where({ process_instance_key: key }).first();
    expect(String(budget.allocated)).to.equal('1150000.00');
    const unfunded = await s.t.db('budget_allocations').where({ budget_id: budget.id, funded: false });
    expect(unfunded.map((r: any) => [r.project_id, String(r.amount)]), 'the unfunded item is on record, not dropped').to.deep.equal([['N-1', '600000.00']]);
  });

  it('Art. 11: when the Bureau does not confirm, then it sets the total again and the allocation is redone before anything is stored', async () => {
    const key = await s.start('budget-arrangement');
    await s.complete(await s.userTask('EnterTotal', key), { budgetYear: 2028, allotment: '900000.00', allotmentReference: '桂财预〔2027〕5号' });
    await reviewAndConfirm(key, 'revise');
    const again = await s.userTask('EnterTotal', key);
    expect(await countRows(s.t.db('budgets'))).to.equal(0);
    await s.complete(again, { budgetYear: 2028, allotment: '1750000.00', allotmentReference: '桂财预〔2027〕8号' });
    await reviewAndConfirm(key);
    await s.waitForEnd(key);
    const path = await s.path(key);
    expect(path.filter((id) => ['JoinTotal', 'EnterTotal', 'Allocate', 'Confirmed', 'StoreAllocations'].includes(id))).to.deep.equal([
      'JoinTotal', 'EnterTotal', 'Allocate', 'Confirmed', 'JoinTotal', 'EnterTotal', 'Allocate', 'Confirmed', 'StoreAllocations',
    ]);
    const budget = await s.t.db('budgets').where({ process_instance_key: key }).first();
    expect([String(budget.allotment), String(budget.allocated)]).to.deep.equal(['1750000.00', '1750000.00']);
  });
});
