import { expect } from 'chai';
import { startScenario, type Scenario } from '../helpers/scenario';
import { incidentsOf } from '../helpers/log';
import { waitFor } from '../helpers/settle';
import { countRows } from '../helpers/count-rows';

describe('budget-arrangement: one confirmed budget per year (Art. 11)', function () {
  let s: Scenario;

  beforeEach(async () => {
    s = await startScenario({ processes: ['budget-arrangement'] });
  });
  afterEach(async () => {
    await s.stop();
  });

  async function confirmBudget(key: string, allotment: string): Promise<void> {
    await s.complete(await s.userTask('EnterTotal', key), { budgetYear: 2029, allotment, allotmentReference: '桂财预〔2028〕1号' });
    await s.complete(await s.userTask('DrcBudgetReview', key), { decision: 'approve', comment: '同意' });
    await s.complete(await s.userTask('FinanceBudgetReview', key), { decision: 'approve', comment: '同意' });
    await s.complete(await s.userTask('Confirm', key), { decision: 'confirm', comment: '确认' });
  }

  it('Art. 11: when a second instance confirms a budget for a year that has one, then its store step raises an incident naming the first instance and the first budget stands', async () => {
    const first = await s.start('budget-arrangement');
    await confirmBudget(first, '1000000.00');
    await s.waitForEnd(first);
    const second = await s.start('budget-arrangement');
    await confirmBudget(second, '2000000.00');

    await waitFor(async () => (await incidentsOf(s.t.db, second)).length > 0, 10_000);
    const [incident] = await incidentsOf(s.t.db, second);
    expect(incident.elementId).to.equal('StoreAllocations');
    expect(incident.errorMessage).to.contain(`Art. 11: 2029 年度资金预算已由流程实例 ${first} 下达`);
    const budgets = await s.t.db('budgets').where({ year: 2029 });
    expect(budgets.map((b: any) => [b.process_instance_key, String(b.allotment)])).to.deep.equal([[first, '1000000.00']]);
    expect(await countRows(s.t.db('budgets'))).to.equal(1);
  });
});
