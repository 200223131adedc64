import { expect } from 'chai';
import { followsInOrder, givenContract, givenSystemInOperation, instancesOf, userTaskFor } from '../helpers/operation-fixtures';
import { startScenario, type Scenario } from '../helpers/scenario';
import { countRows } from '../helpers/count-rows';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const VENDOR = '广西数智科技有限公司';

describe('process dual-evaluation (Art. 30–32)', function () {
  this.timeout(60_000);
  let s: Scenario;

  beforeEach(async () => {
    s = await startScenario({ processes: ['dual-evaluation'] });
    await givenSystemInOperation(s.t.db, { id: 'sys-edu', departmentId: 'dept-a' });
    await givenContract(s.t.db, { id: 'c-edu', projectId: 'sys-edu', implementingUnit: VENDOR });
    // A contract that ended before the evaluated year: its vendor is not evaluated.
    await givenContract(s.t.db, { id: 'c-old', projectId: 'sys-edu', implementingUnit: '旧合同公司', startDate: '2022-01-01', endDate: '2024-12-31' });
  });
  afterEach(async () => {
    await s.stop();
  });

  async function score(key: string, scores: { vendor: number; 'dept-a': number; 'dept-b': number }) {
    const vendorTask = await userTaskFor(s, 'EvaluateVendors', key, 'vendorName', VENDOR);
    expect(vendorTask.candidateGroups).to.deep.equal(['evaluator']);
    expect(vendorTask.formKey).to.equal('vendor-evaluation');
    await s.complete(vendorTask, { score: scores.vendor, comment: '响应及时，运维规范' });
    for (const dept of ['dept-a', 'dept-b'] as const) {
      const task = await userTaskFor(s, 'EvaluateUserUnits', key, 'departmentId', dept);
      expect(task.formKey).to.equal('user-unit-evaluation');
      await s.complete(task, { score: scores[dept], comment: `${dept} 需求明确，使用情况已评` });
    }
    await s.complete(await s.userTask('WriteEvaluationReport', key), { reportSummary: '2026年度双评估：实施单位服务总体良好，个别用户单位系统使用率偏低。' });
  }

  async function report(key: string, marks: { 'dept-a': string; 'dept-b': string }) {
    const receipt = await s.userTask('ReceiveEvaluationReport', key);
    expect(receipt.candidateGroups).to.deep.equal(['government']);
    await s.complete(receipt, { reportReceived: true, receiptComment: '已阅' });
    for (const dept of ['dept-a', 'dept-b'] as const) {
      const task = await userTaskFor(s, 'MarkUserUnits', key, 'departmentId', dept);
      expect(task.candidateGroups).to.deep.equal(['big-data-bureau']);
      await s.complete(task, { digitalGuangxiMark: marks[dept], bureauComment: marks[dept] === 'not-met' ? '未按要求接入数据共享交换平台' : '' });
    }
  }

  it('Art. 31: when the clock passes 1 March 09:00 (Beijing), then the yearly timer starts one evaluation of the year before, for the next plan year', async () => {
    await s.advance(56 * DAY - HOUR); // 2027-03-01T00:00Z
    expect(await instancesOf(s, 'dual-evaluation')).to.have.length(0);
    await s.advance(HOUR + 1000);
    const started = await instancesOf(s, 'dual-evaluation');
    expect(started).to.have.length(1);
    await s.userTask('EvaluateVendors', started[0]);
    const variables = await s.variables(started[0]);
    expect(variables).to.include({ evaluationYear: 2026, planYear: 2028 });
    expect(variables.vendors).to.deep.equal([{ id: VENDOR, name: VENDOR }]);
    expect((variables.departments as Array<{ id: string }>).map((d) => d.id)).to.deep.equal(['dept-a', 'dept-b']);
    expect((await s.path(started[0]))[0]).to.equal('StartYearly');
  });

  it('Art. 32: when every vendor and user unit is scored (Art. 31) and the government receives the report, then the scores are stored for next year and nobody is flagged', async () => {
    const key = await s.start('dual-evaluation');
    await score(key, { vendor: 88, 'dept-a': 85, 'dept-b': 72 });
    await report(key, { 'dept-a': 'met', 'dept-b': 'met' });
    await s.waitForEnd(key);

    const path = await s.path(key);
    expect(followsInOrder(path, ['StartManual', 'ListEvaluationSubjects', 'SplitEvaluation', 'JoinEvaluated', 'WriteEvaluationReport', 'ValidateScores', 'ScoresValid', 'StoreScores', 'SplitAfterStore', 'FlagDepartments', 'JoinDone', 'EvaluationFinished']), path.join(' → ')).to.equal(true);
    expect(path).to.include('ReceiveEvaluationReport');
    const scores = await s.t.db('evaluation_scores').orderBy(['subject_type', 'subject_id']);
    expect(scores.map((r: any) => [r.year, r.subject_type, r.subject_id, Number(r.score)])).to.deep.equal([
      [2026, 'department', 'dept-a', 85],
      [2026, 'department', 'dept-b', 72],
      [2026, 'vendor', VENDOR, 88],
    ]);
    expect(scores[0].process_instance_key).to.equal(key);
    const [stored] = await s.t.db('evaluation_reports');
    expect(stored).to.include({ year: 2026 });
    expect(await countRows(s.t.db('department_flags'))).to.equal(0);
  });

  it('Art. 30: when the Bureau marks one user unit as not carrying out Digital Guangxi and another, scored below 60, as carrying it out, then only the marked one is flagged, and both scores reach the Bureau as hints', async () => {
    const key = await s.start('dual-evaluation');
    await score(key, { vendor: 90, 'dept-a': 80, 'dept-b': 55 });
    const marking = await userTaskFor(s, 'MarkUserUnits', key, 'scoreHint', '双评估得分55，低于60分，供认定参考');
    expect(marking.formKey).to.equal('digital-guangxi-mark');
    await report(key, { 'dept-a': 'not-met', 'dept-b': 'met' });
    await s.waitForEnd(key);
    const departments = (await s.variables(key)).departments as Array<{ id: string; scoreHint: string }>;
    expect(departments.map((d) => [d.id, d.scoreHint])).to.deep.equal([
      ['dept-a', '双评估得分80，供认定参考'],
      ['dept-b', '双评估得分55，低于60分，供认定参考'],
    ]);

    const flags = await s.t.db('department_flags').orderBy('department_id');
    expect(flags.map((f: any) => [f.department_id, f.plan_year, f.flagged_by])).to.deep.equal([['dept-a', 2028, 'big-data-bureau']]);
    expect(flags[0].reason).to.contain('未落实数字广西建设有关要求').and.contain('未按要求接入数据共享交换平台').and.contain('双评估得分80');
    expect((await s.variables(key)).flaggedDepartments).to.have.length(1);
  });

  it('Art. 31: when a score outside 0–100 reaches the process, then nothing is stored and the evaluator scores again', async () => {
    const key = await s.start('dual-evaluation');
    await score(key, { vendor: 120, 'dept-a': 80, 'dept-b': 70 });
    await score(key, { vendor: 95, 'dept-a': 80, 'dept-b': 70 });
    await report(key, { 'dept-a': 'met', 'dept-b': 'met' });
    await s.waitForEnd(key);

    const path = await s.path(key);
    expect(followsInOrder(path, ['ValidateScores', 'ScoresValid', 'JoinEvaluation', 'SplitEvaluation', 'JoinEvaluated', 'WriteEvaluationReport', 'ValidateScores', 'ScoresValid', 'StoreScores']), path.join(' → ')).to.equal(true);
    expect(path.filter((e) => e === 'StoreScores')).to.have.length(1);
    const vendorScore = await s.t.db('evaluation_scores').where({ subject_type: 'vendor' }).first();
    expect(Number(vendorScore.score)).to.equal(95);
    expect(await countRows(s.t.db('evaluation_reports'))).to.equal(1);
  });
});
