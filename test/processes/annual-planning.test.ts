import { expect } from 'chai';
import { startScenario, type Scenario } from '../helpers/scenario';
import { departmentPath, departmentTask, taskVariables } from '../helpers/department-task';
import { readRecords } from '../helpers/records';
import { waitFor } from '../helpers/settle';
import { SECTIONS, draftAndApprove, draftOf, reviewAndConsolidate } from './planning-steps';
import { countRows } from '../helpers/count-rows';

const DEPARTMENT_PATH = ['DepartmentStart', 'JoinDraft', 'DraftPlan', 'CheckCompleteness', 'IsComplete', 'RouteToCloudChief', 'ChiefApproval', 'ChiefApproved', 'IsFlagged', 'JoinFlag', 'SettleDepartment', 'DepartmentEnd'];

describe('annual-planning: the yearly planning round (Art. 6–9, 30, 32)', function () {
  let s: Scenario;

  afterEach(async () => {
    await s?.stop();
  });

  it('Art. 6–9: when both departments draft complete plans, their cloud chiefs approve and the government approves, then every item is a project approved for next year, priority first', async () => {
    s = await startScenario({ processes: ['annual-planning'] });
    const key = await s.start('annual-planning');
    const chiefs: Record<string, unknown> = {};
    for (const departmentId of ['dept-a', 'dept-b']) {
      await s.complete(await departmentTask(s, 'DraftPlan', key, departmentId), draftOf(departmentId));
      const approval = await departmentTask(s, 'ChiefApproval', key, departmentId);
      const shown = await taskVariables(s, key, approval.jobKey);
      chiefs[departmentId] = { assignee: approval.assignee, groups: approval.candidateGroups, flag: shown.flagNotice, scores: shown.scoreSummary };
      await s.complete(approval, { decision: 'approve', comment: '同意提交' });
    }
    expect(chiefs, 'Art. 7(4): each plan goes to its own cloud chief').to.deep.equal({
      'dept-a': { assignee: 'chief-a', groups: ['cloud-chief'], flag: '未标记', scores: '无评价结果' },
      'dept-b': { assignee: 'chief-b', groups: ['cloud-chief'], flag: '未标记', scores: '无评价结果' },
    });
    await reviewAndConsolidate(s, key);
    await s.complete(await s.userTask('GovernmentApproval', key), { decision: 'approve', comment: '同意' });
    await s.waitForEnd(key);

    const path = await s.path(key);
    const reviewBranches = ['DrcReview', 'FinanceReview', 'ConvenePanel', 'ExpertReview'];
    expect(path.filter((id) => !DEPARTMENT_PATH.includes(id) && !reviewBranches.includes(id))).to.deep.equal([
      'StartByBureau', 'JoinStart', 'OpenRound', 'DepartmentPlans', 'DepartmentPlans', 'DepartmentPlans', 'Aggregate', 'ReviewSplit', 'ReviewJoin',
      'JoinConsolidate', 'Consolidate', 'GovernmentApproval', 'GovernmentApproved', 'WritePlan', 'PlanApproved',
    ]);
    expect(path.filter((id) => id === 'ExpertReview'), 'Art. 9: three experts and the multi-instance body').to.have.length(4);
    expect(path).to.include.members(['DrcReview', 'FinanceReview', 'ConvenePanel']);
    expect(await departmentPath(s, key, 'dept-a')).to.deep.equal(DEPARTMENT_PATH);
    expect(await departmentPath(s, key, 'dept-b')).to.deep.equal(DEPARTMENT_PATH);

    const vars = await s.variables(key);
    expect(vars.planYear, 'Art. 6: the round plans the coming year').to.equal(2028);
    const plan = vars.regionalPlan as any;
    expect(plan.items.map((i: any) => [i.name, i.priority]), 'Art. 8: priority items first').to.deep.equal([
      ['突发公共卫生事件监测预警系统', true],
      ['教育管理信息系统升级', false],
      ['全民健康信息平台扩建', false],
    ]);
    expect(plan.totals.map((t: any) => [t.departmentId, t.total]), 'Art. 8: totals per department').to.deep.equal([
      ['dept-a', '1200000.00'],
      ['dept-b', '3800000.50'],
    ]);
    expect(plan.total).to.equal('5000000.50');

    const projects = await s.t.db('projects').where({ plan_year: 2028 }).orderBy('id');
    expect(projects.map((p: any) => [p.name, p.department_id, p.plan_year, p.status, p.category, p.kind, p.funding_source, String(p.estimate)])).to.deep.equal([
      ['突发公共卫生事件监测预警系统', 'dept-b', 2028, 'approved', 'application', 'new', 'special', '800000.00'],
      ['教育管理信息系统升级', 'dept-a', 2028, 'approved', 'application', 'upgrade', 'regional', '1200000.00'],
      ['全民健康信息平台扩建', 'dept-b', 2028, 'approved', 'infrastructure', 'extension', 'central', '3000000.50'],
    ]);
    const [stored] = await s.t.db('plans').where({ process_instance_key: key });
    expect([stored.plan_year, stored.status, String(stored.total)]).to.deep.equal([2028, 'approved', '5000000.50']);
    const items = await s.t.db('plan_items').where({ plan_id: stored.id }).orderBy('position');
    expect(items.map((i: any) => [i.position, i.priority, i.source, i.domestic_products])).to.deep.equal([
      [1, true, 'annual', ['operating-system', 'chip']],
      [2, false, 'annual', ['database']],
      [3, false, 'annual', []],
    ]);
    expect(stored.summary.review.expertScores.map((e: any) => e.score).sort(), 'Art. 9: the experts’ scores are on record').to.deep.equal([85, 86, 87]);
  });

  it('Art. 7: when a plan lacks sections, then it goes back to the unit with the missing list, and the completed plan goes on to the cloud chief', async () => {
    s = await startScenario({ processes: ['annual-planning'] });
    const key = await s.start('annual-planning');
    const { goals, budget, ...incomplete } = draftOf('dept-a');
    expect([goals, budget]).to.not.include(undefined);
    await s.complete(await departmentTask(s, 'DraftPlan', key, 'dept-a'), { ...incomplete, fitsNationalPlanning: '  ' });
    const again = await departmentTask(s, 'DraftPlan', key, 'dept-a');
    const missing = await innerVariable(s, key, 'missingSections');
    expect(missing.map((m: any) => m.key)).to.deep.equal(['fitsNationalPlanning', 'goals', 'budget']);
    expect(missing.map((m: any) => m.zh)).to.include('经费预算');
    expect(await departmentPath(s, key, 'dept-a')).to.deep.equal(['DepartmentStart', 'JoinDraft', 'DraftPlan', 'CheckCompleteness', 'IsComplete', 'JoinDraft']);
    const shownAgain = await taskVariables(s, key, again.jobKey);
    expect(shownAgain.missingList, 'the form shows the missing list').to.equal('符合国家信息化数字化建设总体规划的说明；建设目标；经费预算');
    expect([shownAgain.departmentName, shownAgain.necessity, shownAgain.item1Estimate], 'what the unit typed is filled back in').to.deep.equal(['自治区教育厅', SECTIONS.necessity, '1200000.00']);

    await s.complete(again, draftOf('dept-a'));
    const approval = await departmentTask(s, 'ChiefApproval', key, 'dept-a');
    expect(approval.assignee).to.equal('chief-a');
    expect(await departmentPath(s, key, 'dept-a')).to.deep.equal([
      'DepartmentStart', 'JoinDraft', 'DraftPlan', 'CheckCompleteness', 'IsComplete', 'JoinDraft', 'DraftPlan', 'CheckCompleteness', 'IsComplete', 'RouteToCloudChief',
    ]);
  });

  it('Art. 7(4): when the cloud chief rejects, then the plan goes back to drafting with the comment, and the redrafted plan returns to the same chief', async () => {
    s = await startScenario({ processes: ['annual-planning'] });
    const key = await s.start('annual-planning');
    await s.complete(await departmentTask(s, 'DraftPlan', key, 'dept-b'), draftOf('dept-b'));
    await s.complete(await departmentTask(s, 'ChiefApproval', key, 'dept-b'), { decision: 'reject', comment: '预算偏高，请压减' });
    const redraft = await departmentTask(s, 'DraftPlan', key, 'dept-b');
    expect(await innerVariable(s, key, 'chiefComment')).to.equal('预算偏高，请压减');
    await s.complete(redraft, { ...draftOf('dept-b'), item1Estimate: '2500000' });
    const approval = await departmentTask(s, 'ChiefApproval', key, 'dept-b');
    expect(approval.assignee).to.equal('chief-b');
    expect(await departmentPath(s, key, 'dept-b')).to.deep.equal([
      'DepartmentStart', 'JoinDraft', 'DraftPlan', 'CheckCompleteness', 'IsComplete', 'RouteToCloudChief', 'ChiefApproval', 'ChiefApproved', 'JoinDraft',
      'DraftPlan', 'CheckCompleteness', 'IsComplete', 'RouteToCloudChief',
    ]);
  });

  it('Art. 7(4): when the directory names an inactive cloud chief, then routing raises an incident for the Bureau, and once the directory is fixed the plan goes to that chief', async () => {
    s = await startScenario({ processes: ['annual-planning'] });
    await s.t.db('users').where({ username: 'chief-b' }).update({ active: false });
    const key = await s.start('annual-planning');
    await s.complete(await departmentTask(s, 'DraftPlan', key, 'dept-b'), draftOf('dept-b'));
    const incidents = () => readRecords(s.t.db, { valueType: 'INCIDENT', intent: 'CREATED', processInstanceKey: key });
    const failures = async () => (await readRecords(s.t.db, { valueType: 'JOB', intent: 'FAILED', processInstanceKey: key })).length;
    // Count failures from the start rather than from a reading taken now: the worker may already have failed
    // the job once before this loop reads anything, and the next retry only comes after the clock moves.
    for (let attempt = 1; attempt <= 3 && (await incidents()).length === 0; attempt++) {
      await waitFor(async () => (await failures()) >= attempt);
      await s.advance(60_000);
    }
    const [incident] = await incidents();
    expect(incident.value.elementId).to.equal('RouteToCloudChief');
    expect(incident.value.errorMessage).to.equal('Art. 7: 云长 chief-b 的账号已停用 / The cloud chief chief-b is inactive');

    await s.t.db('users').where({ username: 'chief-b' }).update({ active: true });
    await s.t.client.updateJobRetries({ jobKey: incident.value.jobKey, retries: 1 });
    await s.t.client.resolveIncident({ incidentKey: incident.key });
    const approval = await departmentTask(s, 'ChiefApproval', key, 'dept-b');
    expect(approval.assignee).to.equal('chief-b');
  });

  it('Art. 30 and Art. 32: when both departments are flagged, then the Bureau sees flag and scores; the one with an override reason enters the plan and the one without is left out with the reason', async () => {
    s = await startScenario({ processes: ['annual-planning'] });
    const at = new Date('2026-12-20T00:00:00Z');
    await s.t.db('department_flags').insert([
      { department_id: 'dept-a', plan_year: 2028, reason: '未接入数据共享交换平台', flagged_by: 'evaluator', flagged_at: at },
      { department_id: 'dept-b', plan_year: 2028, reason: '未落实云长制要求', flagged_by: 'evaluator', flagged_at: at },
    ]);
    await s.t.db('evaluation_scores').insert([
      { year: 2027, subject_type: 'department', subject_id: 'dept-b', score: '58.50', comment: '需求不清' },
      { year: 2027, subject_type: 'vendor', subject_id: 'vendor', score: '90.00' },
    ]);
    const key = await s.start('annual-planning');
    for (const departmentId of ['dept-a', 'dept-b']) await draftAndApprove(s, key, departmentId);

    const forA = await departmentTask(s, 'FlagDecision', key, 'dept-a');
    expect(forA.candidateGroups).to.deep.equal(['big-data-bureau']);
    const shownToBureau = await taskVariables(s, key, (await departmentTask(s, 'FlagDecision', key, 'dept-b')).jobKey);
    expect(shownToBureau.flagNotice).to.equal('已标记（第三十条）：未落实云长制要求');
    expect(shownToBureau.scoreSummary).to.equal('2027年 58.50 分（需求不清）');
    expect(shownToBureau.departmentPlanSummary).to.contain('突发公共卫生事件监测预警系统：应用系统，新建，800000.00 元，重点保障');
    const shown = await readRecords(s.t.db, { valueType: 'VARIABLE', processInstanceKey: key });
    const department = shown.filter((r) => r.value.name === 'department').map((r) => JSON.parse(r.value.value)).find((d) => d.id === 'dept-b');
    expect(department, 'Art. 30, 32: what the Bureau sees').to.deep.include({ flagged: true, flagReason: '未落实云长制要求', scores: [{ year: 2027, score: '58.50', comment: '需求不清' }] });
    await s.complete(forA, { decision: 'override', overrideReason: '落实自治区党委重大部署，确需建设' });
    // The form would refuse it, but the rule must too: "override" without a reason is no override.
    await s.complete(await departmentTask(s, 'FlagDecision', key, 'dept-b'), { decision: 'override', overrideReason: '   ' });
    await reviewAndConsolidate(s, key);
    const government = await s.userTask('GovernmentApproval', key);
    const shownToGovernment = await taskVariables(s, key, government.jobKey);
    expect(String(shownToGovernment.departmentNotice).split('\n')).to.deep.equal([
      '自治区教育厅：合计 1200000.00 元；已标记（第三十条）：未接入数据共享交换平台，例外列入理由：落实自治区党委重大部署，确需建设；评价结果：无评价结果',
      '自治区卫生健康委员会：不列入：本单位被标记（未落实云长制要求），且无例外纳入理由，其项目不列入年度计划；已标记（第三十条）：未落实云长制要求；评价结果：2027年 58.50 分（需求不清）',
    ]);
    await s.complete(government, { decision: 'approve' });
    await s.waitForEnd(key);

    for (const departmentId of ['dept-a', 'dept-b']) {
      expect((await departmentPath(s, key, departmentId)).slice(-6)).to.deep.equal(['ChiefApproved', 'IsFlagged', 'FlagDecision', 'JoinFlag', 'SettleDepartment', 'DepartmentEnd']);
    }
    const plan = (await s.variables(key)).regionalPlan as any;
    expect(plan.items.map((i: any) => i.departmentId)).to.deep.equal(['dept-a']);
    expect(plan.excluded).to.have.length(1);
    expect(plan.excluded[0].departmentId).to.equal('dept-b');
    expect(plan.excluded[0].reason.zh).to.contain('未落实云长制要求');
    expect(plan.departments.find((d: any) => d.departmentId === 'dept-a')).to.deep.include({ flagged: true, overrideReason: '落实自治区党委重大部署，确需建设' });
    expect(plan.departments.find((d: any) => d.departmentId === 'dept-b').scores[0].score).to.equal('58.50');
    const projects = await s.t.db('projects').where({ plan_year: 2028 }).select('department_id');
    expect(projects.map((p: any) => p.department_id)).to.deep.equal(['dept-a']);
    const [stored] = await s.t.db('plans').where({ process_instance_key: key });
    expect(stored.summary.excluded[0].departmentId).to.equal('dept-b');
  });

  it('Art. 9: when the government rejects, then the plan goes back to the Bureau, and it is written only after approval', async () => {
    s = await startScenario({ processes: ['annual-planning'] });
    const key = await s.start('annual-planning');
    for (const departmentId of ['dept-a', 'dept-b']) await draftAndApprove(s, key, departmentId);
    await reviewAndConsolidate(s, key);
    await s.complete(await s.userTask('GovernmentApproval', key), { decision: 'reject', comment: '请补充资金来源说明' });
    const again = await s.userTask('Consolidate', key);
    expect(again.candidateGroups).to.deep.equal(['big-data-bureau']);
    const shown = await taskVariables(s, key, again.jobKey);
    expect(shown.governmentComment, 'the Bureau sees why').to.equal('请补充资金来源说明');
    expect(String(shown.expertSummary).split('；')).to.have.length(3).and.satisfy((lines: string[]) => lines.every((l) => /^expert\d：8\d 分，方案可行$/.test(l)));
    expect([shown.drcComment, shown.financeComment]).to.deep.equal(['符合发展规划', '资金可以保障']);
    expect(await countRows(s.t.db('projects').where({ plan_year: 2028 }))).to.equal(0);
    await s.complete(again, { consolidatedOpinion: '已补充资金来源说明' });
    await s.complete(await s.userTask('GovernmentApproval', key), { decision: 'approve' });
    await s.waitForEnd(key);
    const path = await s.path(key);
    expect(path.slice(path.indexOf('JoinConsolidate'))).to.deep.equal([
      'JoinConsolidate', 'Consolidate', 'GovernmentApproval', 'GovernmentApproved', 'JoinConsolidate', 'Consolidate', 'GovernmentApproval', 'GovernmentApproved', 'WritePlan', 'PlanApproved',
    ]);
    expect(await countRows(s.t.db('projects').where({ plan_year: 2028, status: 'approved' }))).to.equal(3);
  });

  it('Art. 6: when the clock passes 1 June 09:00 Beijing time, then a round for the next year starts by itself', async () => {
    s = await startScenario({ processes: ['annual-planning'], startAt: '2027-05-31T12:00:00+08:00' });
    const created = () => readRecords(s.t.db, { valueType: 'PROCESS_INSTANCE', intent: 'ELEMENT_ACTIVATED' }).then((r) => r.filter((x) => x.value.bpmnElementType === 'PROCESS' && x.value.bpmnProcessId === 'annual-planning'));
    await s.advance(20 * 3600_000);
    expect(await created(), 'before 09:00 on 1 June').to.have.length(0);
    await s.advance(2 * 3600_000);
    const started = await created();
    expect(started).to.have.length(1);
    const key = started[0].key;
    await departmentTask(s, 'DraftPlan', key, 'dept-a');
    expect((await s.variables(key)).planYear).to.equal(2028);
    expect((await s.path(key)).slice(0, 3)).to.deep.equal(['StartEveryJune', 'JoinStart', 'OpenRound']);
    expect(SECTIONS).to.have.property('necessity');
  });
});

/** A variable of one department's sub-process instance (the first department when none is named). */
async function innerVariable(s: Scenario, key: string, name: string, departmentId?: string): Promise<any> {
  const records = await readRecords(s.t.db, { valueType: 'VARIABLE', processInstanceKey: key });
  const scope = departmentId
    ? records.find((r) => r.value.name === 'departmentId' && JSON.parse(r.value.value) === departmentId)?.value.scopeKey
    : undefined;
  const matching = records.filter((r) => r.value.name === name && (scope === undefined || String(r.value.scopeKey) === String(scope)));
  return matching.length > 0 ? JSON.parse(matching[matching.length - 1].value.value) : undefined;
}
