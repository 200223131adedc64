import { expect } from 'chai';
import type { Knex } from 'knex';
import { BudgetYearTaken, storeBudget } from '../../src/budget/budgets';
import type { Allocation } from '../../src/rules/budget-allocation';
import { openSeededDatabase } from '../helpers/seeded-database';
import { countRows } from '../helpers/count-rows';

type Budget = Parameters<typeof storeBudget>[1];

/** B-1 builds under contract C-1 and will run under O&M contract C-9; N-1 is a new item of 2028. */
async function givenProjectsAndContracts(db: Knex): Promise<void> {
  const project = (id: string, status: string, planYear: number) => ({
    id, name: `项目 ${id}`, department_id: 'dept-a', category: 'application', kind: 'new', funding_source: 'regional', plan_year: planYear, status, estimate: '500000.00',
  });
  await db('projects').insert([project('B-1', 'in-construction', 2026), project('N-1', 'approved', 2028)]);
  const contract = (id: string, amount: string) => ({
    id, project_id: 'B-1', user_unit: 'dept-a', construction_unit: '自治区信息中心', implementing_unit: '某科技公司', start_date: '2026-03-01', end_date: '2028-12-31', amount, status: 'active', signed_at: new Date('2026-03-01T00:00:00Z'),
  });
  await db('contracts').insert([contract('C-1', '400000.00'), contract('C-9', '50000.00')]);
}

const allocations: Allocation[] = [
  { kind: 'construction-commitment', departmentId: 'dept-a', projectId: 'B-1', contractId: 'C-1', name: '项目 B-1', amount: '400000.00', funded: true },
  { kind: 'construction-commitment', departmentId: 'dept-a', projectId: 'B-1', contractId: 'C-9', name: '项目 B-1', amount: '50000.00', funded: true },
  { kind: 'new-item', departmentId: 'dept-a', projectId: 'N-1', contractId: null, name: '项目 N-1', amount: '500000.00', funded: false, priority: false },
];

const budget = (processInstanceKey: string, allotment = '500000.00', at = new Date('2027-12-01T02:00:00Z')): Budget => ({
  year: 2028, allotment, allocated: '450000.00', allotmentReference: '桂财预〔2027〕5号', review: {}, allocations, processInstanceKey, at,
});

const outcome = (store: Promise<number>) => store.then((id) => ({ id }), (error) => ({ error }));

describe('one confirmed budget per year (Art. 11)', () => {
  let db: Knex;
  let drop: () => Promise<void>;
  beforeEach(async () => {
    ({ db, drop } = await openSeededDatabase());
    await givenProjectsAndContracts(db);
  });
  afterEach(() => drop());

  it('Art. 11: when two workers store the same instance’s budget at once, then there is one budget with one set of allocations and both get its id', async () => {
    const ids = await Promise.all([storeBudget(db, budget('801')), storeBudget(db, budget('801'))]);

    const rows = await db('budgets').where({ year: 2028 });
    expect(rows.map((r: any) => r.id)).to.deep.equal([ids[0]]);
    expect(ids[1]).to.equal(ids[0]);
    expect(await countRows(db('budget_allocations').where({ budget_id: ids[0] }))).to.equal(3);
  });

  it('Art. 11: when the job is retried after its first attempt committed, then the retry returns the first budget and adds no allocation', async () => {
    const first = await storeBudget(db, budget('802', '500000.00'));
    const retried = await storeBudget(db, budget('802', '999999.00', new Date('2027-12-01T02:05:00Z')));

    expect(retried).to.equal(first);
    const rows = await db('budgets').where({ year: 2028 });
    expect(rows.map((r: any) => [r.id, String(r.allotment)])).to.deep.equal([[first, '500000.00']]);
    expect(await countRows(db('budget_allocations'))).to.equal(3);
  });

  it('Art. 11: when two instances confirm a budget for the same year at once, then one is stored and the other is told the year has its budget', async () => {
    const results = await Promise.all([outcome(storeBudget(db, budget('803'))), outcome(storeBudget(db, budget('804')))]);

    const stored = results.filter((r): r is { id: number } => 'id' in r);
    const refused = results.filter((r): r is { error: unknown } => 'error' in r);
    expect(stored).to.have.length(1);
    expect(refused).to.have.length(1);
    expect(refused[0].error).to.be.instanceOf(BudgetYearTaken);
    expect((refused[0].error as Error).message).to.match(/^Art\. 11: 2028 年度资金预算已由流程实例 80[34] 下达.* there is one per year$/);
    expect(await countRows(db('budgets'))).to.equal(1);
    expect(await countRows(db('budget_allocations').where({ budget_id: stored[0].id }))).to.equal(3);
    expect(await countRows(db('budget_allocations'))).to.equal(3);
  });

  it('Art. 11: when another instance confirms a budget for a year that has one, then it is refused and the first budget stands', async () => {
    const first = await storeBudget(db, budget('805'));
    const second = await outcome(storeBudget(db, budget('806', '800000.00')));

    expect('error' in second && second.error).to.be.instanceOf(BudgetYearTaken);
    expect((await db('budgets')).map((r: any) => [r.id, r.process_instance_key, String(r.allotment)])).to.deep.equal([[first, '805', '500000.00']]);
  });

  it('Art. 11: when a budget lists the same contract, or the same project without a contract, twice, then the database refuses it and stores nothing', async () => {
    const cases: [string, Allocation[], RegExp][] = [
      ['807', [allocations[0], { ...allocations[0], amount: '1.00' }], /budget_allocations_one_per_contract/],
      ['808', [allocations[2], { ...allocations[2], kind: 'construction-commitment' }], /budget_allocations_one_per_project/],
    ];
    for (const [key, list, index] of cases) {
      const result = await outcome(storeBudget(db, { ...budget(key), allocations: list }));
      expect('error' in result && String(result.error), key).to.match(index);
    }
    expect(await countRows(db('budgets'))).to.equal(0);
    expect(await countRows(db('budget_allocations'))).to.equal(0);
  });
});
