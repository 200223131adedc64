import { expect } from 'chai';
import { startApplication, type Application } from './application';
import { TaskListUsers, type ListedTask } from './task-list-user';
import { waitFor } from '../helpers/settle';
import { CONTRACT, SCHEME } from '../helpers/construction-steps';

/**
 * A project's whole life as the people of the regulation live it: the application started as `npm start`
 * starts it, the lifecycle of the seeded project gx-2027-edu-identity started once, and from then on every
 * step done only through the task list's JSON API by the demo user whose role the article names
 * (docs/walkthrough-project-lifecycle.md). Nothing here completes a job or reads a variable behind the
 * task list's back; the database is read only to check the outcome.
 */
const PROJECT = 'gx-2027-edu-identity';
const DEPARTMENT = 'dept-a';

/** A department as the walk needs it: its clerk, and the other department's clerk who must see nothing. */
interface Department {
  id: string;
  clerk: string;
  chief: string;
  otherClerk: string;
}

const DEPT_A: Department = { id: 'dept-a', clerk: 'clerk-a', chief: 'chief-a', otherClerk: 'clerk-b' };
const DEPT_B: Department = { id: 'dept-b', clerk: 'clerk-b', chief: 'chief-b', otherClerk: 'clerk-a' };

/**
 * Art. 12–15 for the department's project whose lifecycle is running: requirements, confirmation, scheme,
 * the panel's scores and the DRC's and Finance's opinions, the Bureau's decision, procurement; up to the contract. Returns the Bureau's decision task.
 */
async function walkToContract(users: TaskListUsers, dept: Department): Promise<ListedTask> {
  const ours = (task: ListedTask) => task.departmentId === dept.id;
  await users.work('infocenter', 'ResearchRequirements', { researchScope: '走访三个处室', requirementsReport: '需统一身份认证，覆盖全区学校' }, { group: 'info-center', hiddenFrom: [dept.clerk, dept.otherClerk, 'vendor'], accept: ours });
  await users.work(dept.clerk, 'ConfirmRequirements', { requirementsConfirmation: 'confirm', confirmedBy: '李明', confirmationComment: '' }, { group: 'user-unit', hiddenFrom: [dept.otherClerk, dept.chief, 'infocenter', 'vendor'], accept: ours });
  await users.work('infocenter', 'DraftScheme', SCHEME, { group: 'info-center', hiddenFrom: [dept.clerk, 'vendor'], accept: ours });

  // Art. 14: the drawn panel scores in parallel; each expert's task is theirs alone to complete.
  const scoring: ListedTask[] = [];
  for (const expert of ['expert1', 'expert2', 'expert3']) {
    scoring.push(await users.awaitTask(expert, 'ExpertScoring', (task) => ours(task) && task.assignee === expert));
  }
  const notMine = await users.call('expert2', 'POST', `/api/tasks/${scoring[0].id}/complete`, { variables: {} });
  expect(notMine.status, 'expert2 completing the task assigned to expert1').to.equal(403);
  for (const [i, expert] of ['expert1', 'expert2', 'expert3'].entries()) {
    await users.work(
      expert,
      'ExpertScoring',
      { policyCompliance: 88 - i, feasibility: 82, dataSharing: 90, securityAssurance: 85, resourceUse: 80, investmentEstimateScore: 78, reviewComment: '方案可行' },
      { group: 'expert', hiddenFrom: ['vendor', 'infocenter', dept.clerk], accept: (task) => ours(task) && task.assignee === expert },
    );
  }

  // Art. 14: the DRC and Finance review the same scheme alongside the experts (组织发展改革委、财政厅等有关部门和专家).
  await users.work('drc', 'DrcSchemeReview', { opinion: 'approve', comment: '符合自治区投资政策' }, { group: 'drc', hiddenFrom: ['finance', 'vendor', dept.clerk], accept: ours });
  await users.work('finance', 'FinanceSchemeReview', { opinion: 'revise', comment: '运维费用测算偏高' }, { group: 'finance', hiddenFrom: ['drc', 'vendor', dept.clerk], accept: ours });

  const decision = await users.work('bureau', 'DecideScheme', { schemeDecision: 'approve', schemeDecisionComment: '同意' }, { group: 'big-data-bureau', hiddenFrom: ['vendor', 'infocenter', 'expert1', dept.clerk], accept: ours });
  // Art. 15: amounts are yuan strings; the task list refuses a budget sent as a JSON number or with three decimals.
  const draft = await users.awaitTask('infocenter', 'DraftProcurementPlan', ours);
  for (const procurementBudget of [2_800_000, '2800000.001']) {
    const refused = await users.submit('infocenter', draft, { procurementContent: '平台开发与三年运维', procurementBudget, procurementMethod: 'public-tender' });
    expect(refused.status, `a procurement budget of ${JSON.stringify(procurementBudget)}`).to.equal(400);
    expect(Object.keys(refused.body.fields)).to.deep.equal(['procurementBudget']);
  }
  await users.work('infocenter', 'DraftProcurementPlan', { procurementContent: '平台开发与三年运维', procurementBudget: '2800000.00', procurementMethod: 'public-tender' }, { group: 'info-center', hiddenFrom: ['vendor', dept.otherClerk], accept: ours });
  await users.work('bureau', 'ApproveProcurementPlan', { procurementDecision: 'approve', procurementDecisionComment: '同意' }, { group: 'big-data-bureau', hiddenFrom: ['vendor', 'infocenter'], accept: ours });
  await users.work('infocenter', 'RecordProcurementResult', { implementingUnit: '广西数智科技有限公司', vendorUsername: 'vendor', bidAmount: '2750000.00' }, { group: 'info-center', hiddenFrom: ['vendor', dept.clerk], accept: ours });
  return decision;
}

describe('end to end: a demo project from approved plan item into operation, only through the task list API (Art. 4, 5, 12–23, 27)', function () {
  this.timeout(120_000);
  let app: Application;
  let users: TaskListUsers;
  let lifecycleKey: string;
  let rejectedDraft: ListedTask;

  before(async () => {
    app = await startApplication();
    users = new TaskListUsers(app);
  });

  after(() => app?.stop());

  it('Art. 5, Art. 12: when scripts/start-lifecycle.ts starts the lifecycle of the seeded dept-a project, then the Information Center finds the requirements task in its list, scoped to dept-a', async () => {
    expect((await app.t.db('projects').where({ id: PROJECT }).first()).status).to.equal('approved');
    // The one step outside the task list, as the walkthrough has the user do it.
    const output = await app.runScript('start-lifecycle.ts', [PROJECT]);
    const started = /Started project-lifecycle (\d+) for gx-2027-edu-identity \(dept-a\)/.exec(output);
    expect(started, `the script's output: ${output}`).to.not.equal(null);
    lifecycleKey = started![1];
    const task = await users.awaitTask('infocenter', 'ResearchRequirements');
    expect(task).to.deep.include({ bpmnProcessId: 'project-construction', departmentId: DEPARTMENT, formKey: 'requirements-report' });
  });

  it('Art. 12–15: when each role works its step of construction through the API, then the next role gets the next task and nobody else sees it', async () => {
    const decision = await walkToContract(users, DEPT_A);
    expect(decision.departmentId).to.equal(DEPARTMENT);
    // Art. 14: the Bureau decided with the two departments' opinions before it.
    const opened = await users.call('bureau', 'GET', `/api/tasks/${decision.id}`);
    const shown = Object.fromEntries(opened.body.variables.map((v: { name: string; value: unknown }) => [v.name, v.value]));
    expect([shown.drcSchemeOpinion, shown.financeSchemeOpinion]).to.deep.equal(['approve', 'revise']);
  });

  it('Art. 16: when the contract draft runs 37 months without an exception, then the form takes it but the process sends it back to drafting with the reason, and no contract is signed', async () => {
    const thirtySevenMonths = { ...CONTRACT, contractEndDate: '2030-03-31' };
    rejectedDraft = await users.work('infocenter', 'DraftContract', thirtySevenMonths, { group: 'info-center', hiddenFrom: ['vendor', 'clerk-b'] });
    const again = await users.awaitTask('infocenter', 'DraftContract');
    expect(again.id).not.to.equal(rejectedDraft.id);
    expect(again.processInstanceKey).to.equal(rejectedDraft.processInstanceKey);
    const opened = await users.call('infocenter', 'GET', `/api/tasks/${again.id}`);
    const problem = opened.body.variables.find((v: { name: string }) => v.name === 'contractProblem');
    expect(JSON.stringify(problem), 'the reason shown with the new drafting task').to.contain('36');
    expect(await app.t.db('contracts').where({ project_id: PROJECT })).to.have.length(0);
    expect((await app.t.db('projects').where({ id: PROJECT }).first()).status).to.equal('approved');
  });

  it('Art. 16, Art. 17: when the corrected contract of 24 months is submitted, then it is signed, the project is in construction and the vendor reports milestones', async () => {
    await users.work('infocenter', 'DraftContract', CONTRACT, { group: 'info-center', hiddenFrom: ['vendor', 'clerk-b'] });
    await users.work('vendor', 'ReportMilestone', { milestoneName: '认证中心上线', milestoneReport: '一期完成', implementationStatus: 'continuing' }, { group: 'vendor', hiddenFrom: ['infocenter', 'clerk-a', 'bureau'] });
    expect((await app.t.db('projects').where({ id: PROJECT }).first()).status).to.equal('in-construction');
    await users.work('vendor', 'ReportMilestone', { milestoneName: '业务系统接入', milestoneReport: '二期完成', implementationStatus: 'complete' }, { group: 'vendor', hiddenFrom: ['infocenter', 'clerk-b'] });
  });

  it('Art. 19–23, Art. 27: when the vendor applies, the Bureau examines and the vendor sets up operation, then the project is in operation with its contract and a complete archive', async () => {
    await users.work(
      'vendor',
      'ApplyForAcceptance',
      {
        implementationSummary: '项目实施总结报告.pdf',
        financialReport: '财务报告.pdf',
        auditReport: '审计报告.pdf',
        technicalDocumentation: '技术文档.zip',
        securityRiskAssessment: '安全风险评估报告.pdf',
        userConfirmation: '用户单位确认书.pdf',
      },
      { group: 'vendor', hiddenFrom: ['clerk-b', 'bureau'] },
    );
    await users.work('bureau', 'OrganiseAcceptance', { acceptanceDate: '2029-03-10', acceptanceGroup: '大数据发展局、教育厅、专家两名', acceptanceBasis: '合同第五条验收条款' }, { group: 'big-data-bureau', hiddenFrom: ['vendor', 'clerk-a'] });
    await users.work(
      'bureau',
      'ExamineAcceptance',
      { goalsMet: 'pass', resourceUse: 'pass', dataSharing: 'pass', standardisation: 'pass', fundsUse: 'pass', acceptanceFindings: '五项均符合要求' },
      { group: 'big-data-bureau', hiddenFrom: ['vendor', 'infocenter'] },
    );
    const readiness = await users.work('vendor', 'PrepareOperation', { operationTeam: '运维项目部：项目经理1名、运维工程师4名', operationRules: '《运行维护管理办法》《应急处置预案》', serviceContact: '0771-0000000' }, { group: 'vendor', hiddenFrom: ['clerk-b', 'infocenter'] });
    expect(readiness.processInstanceKey).to.equal(lifecycleKey);

    await waitFor(async () => (await app.t.db('projects').where({ id: PROJECT }).first()).status === 'in-operation', 10_000).catch(async () => {
      throw new Error(`Expected ${PROJECT} to be in operation, but it is ${(await app.t.db('projects').where({ id: PROJECT }).first()).status}`);
    });
    const contracts = await app.t.db('contracts').where({ project_id: PROJECT });
    expect(contracts).to.have.length(1);
    expect(contracts[0]).to.deep.include({ status: 'active', vendor_username: 'vendor', user_unit: '自治区教育厅', construction_unit: '自治区信息中心', implementing_unit: '广西数智科技有限公司' });
    expect(String(contracts[0].amount)).to.equal('2750000.00');

    const archive = await app.t.db('project_archive').where({ project_id: PROJECT }).orderBy('id');
    const kinds = archive.map((entry) => entry.kind);
    expect(kinds[0]).to.equal('plan-membership');
    expect(kinds).to.include.members([
      'requirements-report', 'requirements-confirmation', 'scheme', 'review-panel', 'review-scores', 'review-decision',
      'procurement-plan', 'procurement-decision', 'procurement-result', 'contract', 'milestone',
      'acceptance-application', 'acceptance-organisation', 'acceptance-report', 'operation-readiness', 'status-change',
    ]);
    expect(kinds.filter((kind) => kind === 'contract'), 'contracts filed: the 37-month draft was never signed').to.have.length(1);
    expect(kinds.filter((kind) => kind === 'milestone')).to.have.length(2);
    const contract = archive.find((entry) => entry.kind === 'contract');
    expect(contract.content.endDate).to.equal('2029-02-28');
    const statuses = archive.filter((entry) => entry.kind === 'status-change').map((entry) => entry.content.to);
    expect(statuses).to.deep.equal(['in-construction', 'accepted', 'in-operation']);
    let completed: string[] = [];
    await waitFor(async () => {
      const records = await app.t.db('engine_records').where({ process_instance_key: lifecycleKey, value_type: 'PROCESS_INSTANCE', intent: 'ELEMENT_COMPLETED' }).orderBy('position');
      completed = records.map((r) => JSON.parse(r.value).elementId);
      return completed.includes('project-lifecycle');
    }, 10_000).catch(() => {
      throw new Error(`Expected the lifecycle instance to end, but it completed only ${completed.join(' → ')}`);
    });
    expect(completed.slice(-3)).to.deep.equal(['StartOperation', 'InOperationEnd', 'project-lifecycle']);
  });

  it('Art. 4: when the walk is over, then every task was dept-a\'s and done by its role, clerk-b can open none of them, and the vendor none of the Bureau\'s decisions', async () => {
    const worked = users.worked;
    expect(worked.map((w) => `${w.by}:${w.task.elementId}`)).to.deep.equal([
      'infocenter:ResearchRequirements', 'clerk-a:ConfirmRequirements', 'infocenter:DraftScheme',
      'expert1:ExpertScoring', 'expert2:ExpertScoring', 'expert3:ExpertScoring', 'drc:DrcSchemeReview', 'finance:FinanceSchemeReview',
      'bureau:DecideScheme',
      'infocenter:DraftProcurementPlan', 'bureau:ApproveProcurementPlan', 'infocenter:RecordProcurementResult',
      'infocenter:DraftContract', 'infocenter:DraftContract', 'vendor:ReportMilestone', 'vendor:ReportMilestone',
      'vendor:ApplyForAcceptance', 'bureau:OrganiseAcceptance', 'bureau:ExamineAcceptance', 'vendor:PrepareOperation',
    ]);
    for (const { task } of worked) {
      expect(task.departmentId, `department of ${task.elementId}`).to.equal(DEPARTMENT);
      expect((await users.call('clerk-b', 'GET', `/api/tasks/${task.id}`)).status, `clerk-b opening ${task.elementId}`).to.equal(404);
      // The auditor reads every task and acts on none.
      expect((await users.call('auditor', 'GET', `/api/tasks/${task.id}`)).status, `auditor opening ${task.elementId}`).to.equal(200);
    }
    const bureauDecisions = worked.filter((w) => w.by === 'bureau');
    expect(bureauDecisions).to.have.length(4);
    for (const { task } of bureauDecisions) {
      expect((await users.call('vendor', 'GET', `/api/tasks/${task.id}`)).status, `vendor opening ${task.elementId}`).to.equal(404);
      expect((await users.call('bureau', 'GET', `/api/tasks/${task.id}`)).body.state, `${task.elementId} as the Bureau sees it`).to.equal('completed');
    }
    expect((await users.call('auditor', 'POST', `/api/tasks/${rejectedDraft.id}/comments`, { text: '审计意见' })).status).to.equal(403);
    const operations = await app.t.db('operation_log').where({ action: 'complete' }).orderBy('id');
    expect(operations.map((op) => op.username)).to.deep.equal(worked.map((w) => w.by));
  });

  describe('the dept-b project, the exception and rectification paths', () => {
    const HEALTH = 'gx-2027-health-data';
    const ours = (task: ListedTask) => task.departmentId === DEPT_B.id;
    const EXCEPTION_REASON = '数据资源扩容需与国家平台三期同步，合同须覆盖至其验收';

    it('Art. 16: when dept-b\'s contract runs 37 months with the exception asked for and the Bureau grants it with a reason, then it is signed with that reason and the decision is archived', async () => {
      const output = await app.runScript('start-lifecycle.ts', [HEALTH]);
      expect(output).to.match(/Started project-lifecycle \d+ for gx-2027-health-data \(dept-b\)/);
      await walkToContract(users, DEPT_B);
      await users.work('infocenter', 'DraftContract', { ...CONTRACT, contractUserUnit: '自治区卫生健康委员会', contractEndDate: '2030-03-31', termExceptionRequested: true }, { group: 'info-center', hiddenFrom: ['vendor', 'clerk-a'], accept: ours });
      await users.work('bureau', 'DecideTermException', { termExceptionDecision: 'grant', termExceptionReason: EXCEPTION_REASON }, { group: 'big-data-bureau', hiddenFrom: ['vendor', 'infocenter', 'clerk-b'], accept: ours });
      await users.awaitTask('vendor', 'ReportMilestone', ours);
      const [contract] = await app.t.db('contracts').where({ project_id: HEALTH });
      expect(contract).to.deep.include({ status: 'active', term_exception_reason: EXCEPTION_REASON, user_unit: '自治区卫生健康委员会' });
      const decision = await app.t.db('project_archive').where({ project_id: HEALTH, kind: 'term-exception-decision' }).first();
      expect(decision?.content.reason).to.equal(EXCEPTION_REASON);
    });

    it('Art. 21, Art. 22: when the examination finds one criterion unmet, then the vendor rectifies and reapplies through the API, the second round passes and the project goes into operation', async () => {
      await users.work('vendor', 'ReportMilestone', { milestoneName: '扩容完成', milestoneReport: '全部完成', implementationStatus: 'complete' }, { group: 'vendor', hiddenFrom: ['clerk-b', 'infocenter'], accept: ours });
      const documents = {
        implementationSummary: '项目实施总结报告.pdf',
        financialReport: '财务报告.pdf',
        auditReport: '审计报告.pdf',
        technicalDocumentation: '技术文档.zip',
        securityRiskAssessment: '安全风险评估报告.pdf',
        userConfirmation: '用户单位确认书.pdf',
      };
      const organise = { acceptanceDate: '2030-04-10', acceptanceGroup: '大数据发展局、卫健委、专家两名', acceptanceBasis: '合同验收条款' };
      const criteria = { goalsMet: 'pass', resourceUse: 'pass', dataSharing: 'pass', standardisation: 'pass' };
      await users.work('vendor', 'ApplyForAcceptance', documents, { group: 'vendor', hiddenFrom: ['clerk-a'], accept: ours });
      await users.work('bureau', 'OrganiseAcceptance', organise, { group: 'big-data-bureau', hiddenFrom: ['vendor'], accept: ours });
      await users.work('bureau', 'ExamineAcceptance', { ...criteria, fundsUse: 'fail', acceptanceFindings: '资金使用不符合批复用途' }, { group: 'big-data-bureau', hiddenFrom: ['vendor', 'clerk-b'], accept: ours });
      await users.work('vendor', 'Rectify', { rectificationSummary: '已按批复用途调整资金使用并补充说明' }, { group: 'vendor', hiddenFrom: ['clerk-a', 'bureau'], accept: ours });
      await users.work('vendor', 'ApplyForAcceptance', documents, { group: 'vendor', hiddenFrom: ['clerk-a'], accept: ours });
      await users.work('bureau', 'OrganiseAcceptance', organise, { group: 'big-data-bureau', hiddenFrom: ['vendor'], accept: ours });
      await users.work('bureau', 'ExamineAcceptance', { ...criteria, fundsUse: 'pass', acceptanceFindings: '整改后五项均符合要求' }, { group: 'big-data-bureau', hiddenFrom: ['vendor'], accept: ours });
      await users.work('vendor', 'PrepareOperation', { operationTeam: '运维组', operationRules: '《运行维护管理办法》', serviceContact: '0771-1111111' }, { group: 'vendor', hiddenFrom: ['clerk-a'], accept: ours });

      await waitFor(async () => (await app.t.db('projects').where({ id: HEALTH }).first()).status === 'in-operation', 10_000);
      const archive = await app.t.db('project_archive').where({ project_id: HEALTH }).orderBy('id');
      const reports = archive.filter((entry) => entry.kind === 'acceptance-report');
      expect(reports.map((entry) => [entry.content.round, entry.content.passed])).to.deep.equal([[1, false], [2, true]]);
      const rectification = archive.find((entry) => entry.kind === 'rectification');
      expect(rectification?.content).to.deep.include({ rectificationSummary: '已按批复用途调整资金使用并补充说明', acceptanceRound: 2 });
      // Every dept-b task stayed out of dept-a's sight.
      for (const { task } of users.worked.filter((w) => ours(w.task))) {
        expect((await users.call('clerk-a', 'GET', `/api/tasks/${task.id}`)).status, `clerk-a opening ${task.elementId}`).to.equal(404);
      }
    });

    it('when both projects are in operation, then the engine raised no incident and the task list holds no open or half-completed task', async () => {
      const incidents = await app.t.db('engine_records').where({ value_type: 'INCIDENT', intent: 'CREATED' });
      expect(incidents.map((r) => JSON.parse(r.value).errorMessage)).to.deep.equal([]);
      const left = await app.t.db('tasks').whereNot({ state: 'completed' });
      expect(left.map((row) => `${row.element_id}:${row.state}`)).to.deep.equal([]);
      const statuses = await app.t.db('projects').whereIn('id', [PROJECT, HEALTH]).orderBy('id').pluck('status');
      expect(statuses).to.deep.equal(['in-operation', 'in-operation']);
    });
  });
});
