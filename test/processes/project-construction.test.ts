import path from 'node:path';
import { expect } from 'chai';
import { loadForms, validateSubmission } from '../../src/forms';
import { listArchive } from '../../src/projects/archive';
import { signContractOfJob } from '../../src/workers/contract/sign';
import { readRecords } from '../helpers/records';
import { startScenario, type Scenario } from '../helpers/scenario';
import { taskVariables, vendorOfTask } from '../helpers/department-task';
import {
  SCHEME,
  archiveKinds,
  decideScheme,
  draftContract,
  draftProcurement,
  draftScheme,
  finishImplementation,
  insertProject,
  researchAndConfirm,
  reviewScheme,
  scoreScheme,
  DRC_OPINION,
  FINANCE_OPINION,
  steps,
  walkToContract,
  approveProcurementAndRecordResult,
} from '../helpers/construction-steps';

describe('process project-construction (Art. 5, Art. 12 to Art. 17, Art. 23, Art. 32)', function () {
  this.timeout(60_000);
  let s: Scenario;

  before(async () => {
    s = await startScenario({ processes: ['project-construction'] });
  });

  after(() => s.stop());

  it('Art. 23: when the contract is signed, then the move to in-construction is filed as a status change beside the contract, and a retried sign job files nothing more', async () => {
    const projectId = await insertProject(s.t.db);
    const key = await s.start('project-construction', { projectId, departmentId: 'dept-a' });
    await walkToContract(s, key);
    await draftContract(s, key);
    await s.userTask('ReportMilestone', key);

    const filed = await listArchive(s.t.db, projectId);
    const changes = filed.filter((e) => e.kind === 'status-change');
    expect(changes.map((e) => [e.content.from, e.content.to, e.title])).to.deep.equal([['approved', 'in-construction', '合同签订，项目转入建设']]);
    expect(changes[0].content.verdict).to.include({ ok: true });
    expect(changes[0].processInstanceKey).to.equal(key);
    expect(filed.map((e) => e.kind).slice(-2)).to.deep.equal(['contract', 'status-change']);

    // The engine redelivers a job whose acknowledgement was lost: the same job key reaches the worker again.
    const [signJob] = (await readRecords(s.t.db, { valueType: 'JOB', intent: 'CREATED', processInstanceKey: key })).filter((r) => r.value.elementId === 'SignContract');
    const variables = await taskVariables(s, key, signJob.key);
    await signContractOfJob({ db: s.t.db, now: () => new Date('2027-06-01T01:00:00Z') }, { key: signJob.key, processInstanceKey: key, variables: variables as any });
    expect((await listArchive(s.t.db, projectId)).map((e) => e.kind)).to.deep.equal(filed.map((e) => e.kind));
    expect((await s.t.db('projects').where({ id: projectId }).first()).status).to.equal('in-construction');
  });

  it('Art. 5, Art. 12, Art. 13, Art. 14, Art. 15, Art. 16, Art. 17, Art. 23: when an approved plan item goes through every step and the vendor reports its milestones, then the contract is written, the project is in construction and everything is archived', async () => {
    const projectId = await insertProject(s.t.db);
    const key = await s.start('project-construction', { projectId, departmentId: 'dept-a' });
    await walkToContract(s, key);
    await draftContract(s, key);
    await finishImplementation(s, key);
    await s.waitForEnd(key);

    expect(steps(await s.path(key))).to.deep.equal([
      'ConstructionStart', 'CheckPlanMembership', 'InPlanGateway', 'ResearchMerge', 'ResearchRequirements', 'ConfirmRequirements',
      'ConfirmedGateway', 'SchemeMerge', 'DraftScheme', 'CheckScheme', 'SchemeCompleteGateway', 'SchemeReviewSplit', 'ConvenePanel', 'ScoringMerge',
      'ExpertScoring', 'ExpertScoring', 'ExpertScoring', 'ExpertScoring', 'SummariseReview', 'ScoresValidGateway', 'DrcSchemeReview',
      'FinanceSchemeReview', 'SchemeReviewJoin', 'DecideScheme',
      'SchemeApprovedGateway', 'ProcurementMerge', 'DraftProcurementPlan', 'CheckProcurementBudget', 'BudgetGateway',
      'LoadVendorScores', 'ApproveProcurementPlan', 'ProcurementApprovedGateway', 'RecordProcurementResult', 'ContractMerge', 'DraftContract',
      'ExceptionRequestedGateway', 'ExceptionMerge', 'CheckContract', 'SignContract', 'MilestoneMerge', 'ReportMilestone',
      'ImplementationDoneGateway', 'MilestoneMerge', 'ReportMilestone', 'ImplementationDoneGateway', 'ConstructionEnd',
    ]);
    const project = await s.t.db('projects').where({ id: projectId }).first();
    expect(project.status).to.equal('in-construction');
    const [contract] = await s.t.db('contracts').where({ project_id: projectId });
    expect(contract).to.include({ user_unit: '自治区教育厅', construction_unit: '自治区信息中心', implementing_unit: '广西数智科技有限公司', vendor_username: 'vendor', status: 'active', term_exception_reason: null });
    // Money stays a decimal yuan string from the form through the process to the database and the archive.
    expect(contract.amount).to.equal('2750000.00');
    const variables = await s.variables(key);
    expect([variables.projectEstimate, variables.investmentEstimate, variables.procurementBudget, variables.bidAmount, variables.contractAmount]).to.deep.equal(['3000000.00', '3000000.00', '2800000.00', '2750000.00', '2750000.00']);
    const filed = await listArchive(s.t.db, projectId);
    expect(filed.find((e) => e.kind === 'contract')!.content.amount).to.equal('2750000.00');
    expect(filed.find((e) => e.kind === 'procurement-plan')!.content).to.include({ procurementBudget: '2800000.00', investmentEstimate: '3000000.00' });
    expect(await archiveKinds(s.t.db, projectId)).to.deep.equal([
      'plan-membership', 'requirements-report', 'requirements-confirmation', 'scheme', 'review-panel', 'review-scores', 'review-decision',
      'procurement-plan', 'procurement-decision', 'procurement-result', 'contract', 'status-change', 'milestone', 'milestone',
    ]);
    const scores = (await listArchive(s.t.db, projectId)).find((e) => e.kind === 'review-scores')!;
    expect(scores.content.overall).to.equal(83.8);
    expect((scores.content.scores as unknown[]).length).to.equal(3);
  });

  it('Art. 17: when the procurement result names the vendor user, then each implementation milestone task carries that vendorUsername', async () => {
    const projectId = await insertProject(s.t.db);
    const key = await s.start('project-construction', { projectId, departmentId: 'dept-a' });
    await walkToContract(s, key);
    await draftContract(s, key);
    const first = await s.userTask('ReportMilestone', key);
    expect(first.candidateGroups).to.deep.equal(['vendor']);
    expect(await vendorOfTask(s, first)).to.equal('vendor');
    await s.complete(first, { milestoneName: '认证中心上线', milestoneReport: '一期完成', implementationStatus: 'continuing' });
    const second = await s.userTask('ReportMilestone', key);
    expect(await vendorOfTask(s, second)).to.equal('vendor');
    await s.complete(second, { milestoneName: '业务系统接入', milestoneReport: '二期完成', implementationStatus: 'complete' });
    await s.waitForEnd(key);
  });

  it('Art. 5: when the project is not in an approved plan, then the instance ends with the reason before any research', async () => {
    const projectId = await insertProject(s.t.db, { planYear: 2027, status: 'planned' });
    const key = await s.start('project-construction', { projectId, departmentId: 'dept-a' });
    await s.waitForEnd(key);
    expect(await s.path(key)).to.deep.equal(['ConstructionStart', 'CheckPlanMembership', 'InPlanGateway', 'NotInPlanEnd']);
    const variables = await s.variables(key);
    expect(variables.inApprovedPlan).to.equal(false);
    expect((variables.planMembershipReason as { zh: string }).zh).to.contain('尚未批准');
    expect(await s.t.db('contracts').where({ project_id: projectId })).to.have.length(0);
  });

  it('Art. 5: when an instance is started with another department than the project\'s, then its tasks go to the project\'s own department and the mismatch is filed with the plan check', async () => {
    const projectId = await insertProject(s.t.db); // a project of dept-a
    const key = await s.start('project-construction', { projectId, departmentId: 'dept-b' });
    await s.complete(await s.userTask('ResearchRequirements', key), { researchScope: '走访', requirementsReport: '初稿' });
    const confirm = await s.userTask('ConfirmRequirements', key);
    expect(confirm.candidateGroups).to.deep.equal(['user-unit']);
    expect((await taskVariables(s, key, confirm.jobKey)).departmentId).to.equal('dept-a');
    expect((await s.variables(key)).departmentId).to.equal('dept-a');
    const check = (await listArchive(s.t.db, projectId)).find((e) => e.kind === 'plan-membership')!;
    expect(check.content).to.include({ departmentId: 'dept-a', startedWithDepartmentId: 'dept-b' });
  });

  it('Art. 5: when the project has no plan year at all, then it may not enter requirements research', async () => {
    const projectId = await insertProject(s.t.db, { planYear: null });
    const key = await s.start('project-construction', { projectId, departmentId: 'dept-a' });
    await s.waitForEnd(key);
    expect(await s.path(key)).to.include('NotInPlanEnd');
    expect(await s.path(key)).not.to.include('ResearchRequirements');
  });

  it('Art. 12: when the user unit does not confirm the report in writing, then research starts again', async () => {
    const projectId = await insertProject(s.t.db);
    const key = await s.start('project-construction', { projectId, departmentId: 'dept-a' });
    await s.complete(await s.userTask('ResearchRequirements', key), { researchScope: '走访', requirementsReport: '初稿' });
    const confirm = await s.userTask('ConfirmRequirements', key);
    expect(confirm.candidateGroups).to.deep.equal(['user-unit']);
    await s.complete(confirm, { requirementsConfirmation: 'reject', confirmedBy: '李明', confirmationComment: '漏了家长端' });
    await researchAndConfirm(s, key);
    await s.userTask('DraftScheme', key);
    const path = steps(await s.path(key));
    expect(path.filter((id) => id === 'ResearchRequirements')).to.have.length(2);
    const confirmations = (await listArchive(s.t.db, projectId)).filter((e) => e.kind === 'requirements-confirmation');
    expect(confirmations.map((e) => e.content.requirementsConfirmation)).to.deep.equal(['reject', 'confirm']);
  });

  it('Art. 13: when the scheme lacks sections, then it goes back to drafting with the missing list', async () => {
    const projectId = await insertProject(s.t.db);
    const key = await s.start('project-construction', { projectId, departmentId: 'dept-a' });
    await researchAndConfirm(s, key);
    await draftScheme(s, key, { ...SCHEME, trainingPlan: '', standards: '' });
    await s.userTask('DraftScheme', key);
    const variables = await s.variables(key);
    expect(variables.schemeComplete).to.equal(false);
    expect(variables.schemeMissing).to.deep.equal(['standards', 'trainingPlan']);
    await draftScheme(s, key);
    await s.userTask('ExpertScoring', key);
    const path = steps(await s.path(key));
    expect(path.filter((id) => id === 'DraftScheme')).to.have.length(2);
    expect(path.filter((id) => id === 'CheckScheme')).to.have.length(2);
    expect(await archiveKinds(s.t.db, projectId)).to.include('scheme');
  });

  it('Art. 14: when the scheme is reviewed, then the DRC and Finance review it alongside the experts, the Bureau decides with their opinions shown read-only, and the decision is filed with them', async () => {
    const projectId = await insertProject(s.t.db);
    const key = await s.start('project-construction', { projectId, departmentId: 'dept-a' });
    await researchAndConfirm(s, key);
    await draftScheme(s, key);
    // All three parties are asked at once: the departments' tasks are open before any expert has scored.
    const drc = await s.userTask('DrcSchemeReview', key);
    const finance = await s.userTask('FinanceSchemeReview', key);
    await s.userTask('ExpertScoring', key);
    expect([drc.candidateGroups, drc.formKey, finance.candidateGroups, finance.formKey]).to.deep.equal([
      ['drc'], 'scheme-department-review', ['finance'], 'scheme-department-review',
    ]);
    await s.complete(drc, DRC_OPINION);
    await s.complete(finance, FINANCE_OPINION);
    // The Bureau does not decide before the experts are done too.
    expect(steps(await s.path(key))).to.not.include('SchemeReviewJoin');
    await scoreScheme(s, key);

    const decide = await s.userTask('DecideScheme', key);
    const seen = await taskVariables(s, key, decide.jobKey);
    expect(seen).to.include({ drcSchemeOpinion: 'approve', drcSchemeComment: DRC_OPINION.comment, financeSchemeOpinion: 'revise', financeSchemeComment: FINANCE_OPINION.comment });
    const form = loadForms(path.resolve(__dirname, '../../forms')).find('scheme-review-decision')!;
    for (const field of ['drcSchemeOpinion', 'drcSchemeComment', 'financeSchemeOpinion', 'financeSchemeComment']) {
      expect((form.components.find((c: any) => c.key === field) as any)?.readonly, `${field} shown read-only`).to.equal(true);
    }
    await decideScheme(s, key, 'approve');
    await s.userTask('DraftProcurementPlan', key);
    const decision = (await listArchive(s.t.db, projectId)).find((e) => e.kind === 'review-decision')!;
    expect(decision.content).to.include({ schemeDecision: 'approve', drcSchemeOpinion: 'approve', drcSchemeComment: DRC_OPINION.comment, financeSchemeOpinion: 'revise', financeSchemeComment: FINANCE_OPINION.comment });
  });

  it('Art. 14: when the Bureau rejects the reviewed scheme, then the scheme goes back to drafting and is reviewed again', async () => {
    const projectId = await insertProject(s.t.db);
    const key = await s.start('project-construction', { projectId, departmentId: 'dept-a' });
    await researchAndConfirm(s, key);
    await draftScheme(s, key);
    const panel = await reviewScheme(s, key);
    expect(panel).to.have.length(3);
    const decide = await s.userTask('DecideScheme', key);
    expect(decide.candidateGroups).to.deep.equal(['big-data-bureau']);
    await decideScheme(s, key, 'reject');
    await draftScheme(s, key);
    await reviewScheme(s, key);
    await decideScheme(s, key, 'approve');
    await s.userTask('DraftProcurementPlan', key);
    const path = steps(await s.path(key));
    expect(path.filter((id) => id === 'ConvenePanel')).to.have.length(2);
    expect(path.filter((id) => id === 'DrcSchemeReview' || id === 'FinanceSchemeReview')).to.have.length(4);
    expect(path.filter((id) => id === 'DecideScheme')).to.have.length(2);
    const decisions = (await listArchive(s.t.db, projectId)).filter((e) => e.kind === 'review-decision');
    expect(decisions.map((e) => e.content.schemeDecision)).to.deep.equal(['reject', 'approve']);
    expect(await s.t.db('review_panels').where({ project_id: projectId })).to.have.length(2);
  });

  it('Art. 15: when the procurement budget exceeds the reviewed estimate by one fen, then the plan goes back before the Bureau sees it; the exact estimate passes', async () => {
    const projectId = await insertProject(s.t.db);
    const key = await s.start('project-construction', { projectId, departmentId: 'dept-a' });
    await researchAndConfirm(s, key);
    // 12345678.91 has no exact float: compared in fen, one fen over is over and the same amount is not.
    await draftScheme(s, key, { ...SCHEME, investmentEstimate: '12345678.91' });
    await reviewScheme(s, key);
    await decideScheme(s, key, 'approve');
    await draftProcurement(s, key, '12345678.92');
    await s.userTask('DraftProcurementPlan', key);
    const reason = (await s.variables(key)).procurementReason as { zh: string; en: string };
    expect(reason.zh).to.equal('采购预算12345678.92元超过评审通过的投资概算12345678.91元');
    await draftProcurement(s, key, '12345678.91');
    await approveProcurementAndRecordResult(s, key);
    await s.userTask('DraftContract', key);
    const path = steps(await s.path(key));
    expect(path.filter((id) => id === 'DraftProcurementPlan')).to.have.length(2);
    expect(path.filter((id) => id === 'ApproveProcurementPlan')).to.have.length(1);
    expect(((await s.variables(key)).procurementReason as { en: string }).en).to.contain('12345678.91 yuan is within the investment estimate of 12345678.91 yuan');
  });

  it('Art. 15: when a procurement budget reaches the process as a number, then it is refused as no valid budget rather than compared as a float', async () => {
    const projectId = await insertProject(s.t.db);
    const key = await s.start('project-construction', { projectId, departmentId: 'dept-a' });
    await researchAndConfirm(s, key);
    await draftScheme(s, key);
    await reviewScheme(s, key);
    await decideScheme(s, key, 'approve');
    await s.complete(await s.userTask('DraftProcurementPlan', key), { procurementContent: '平台开发', procurementBudget: 0.1 + 0.2, procurementMethod: 'public-tender' });
    await s.userTask('DraftProcurementPlan', key);
    expect(((await s.variables(key)).procurementReason as { en: string }).en).to.contain('no valid budget');
    expect(steps(await s.path(key))).not.to.include('ApproveProcurementPlan');
  });

  it('Art. 32: when vendors were evaluated in earlier years, then the Bureau approving the procurement plan and the construction unit recording the result see each vendor’s latest score, and the approval is filed with them', async () => {
    await s.t.db('evaluation_scores').insert([
      { year: 2025, subject_type: 'vendor', subject_id: '广西数智科技有限公司', score: '55.00', comment: '响应迟缓' },
      { year: 2026, subject_type: 'vendor', subject_id: '广西数智科技有限公司', score: '82.50', comment: '整改后响应及时' },
      { year: 2026, subject_type: 'vendor', subject_id: '桂林云网信息技术有限公司', score: '58.00', comment: null },
      // Not shown: this year's evaluation is not an earlier year's, and a department's score is not a vendor's.
      { year: 2027, subject_type: 'vendor', subject_id: '广西数智科技有限公司', score: '40.00', comment: '本年度' },
      { year: 2026, subject_type: 'department', subject_id: 'dept-a', score: '91.00', comment: '使用充分' },
    ]);
    const projectId = await insertProject(s.t.db);
    const key = await s.start('project-construction', { projectId, departmentId: 'dept-a' });
    await researchAndConfirm(s, key);
    await draftScheme(s, key);
    await reviewScheme(s, key);
    await decideScheme(s, key, 'approve');
    await draftProcurement(s, key);

    const approval = await s.userTask('ApproveProcurementPlan', key);
    expect(approval.formKey).to.equal('procurement-approval');
    const notice = '广西数智科技有限公司：2026年 82.50 分（整改后响应及时）\n桂林云网信息技术有限公司：2026年 58.00 分';
    expect((await s.variables(key)).vendorScoreNotice).to.equal(notice);
    await approveProcurementAndRecordResult(s, key);
    await s.userTask('DraftContract', key);

    const forms = loadForms(path.resolve(__dirname, '../../forms'));
    for (const formId of ['procurement-approval', 'procurement-result']) {
      const field = forms.find(formId)!.components.find((c: any) => c.key === 'vendorScoreNotice') as any;
      expect([field?.type, field?.readonly], `${formId} shows the scores read-only`).to.deep.equal(['textarea', true]);
      expect(validateSubmission(forms.find(formId)!, { vendorScoreNotice: '伪造' }).values).to.not.have.property('vendorScoreNotice');
    }
    const decision = (await listArchive(s.t.db, projectId)).find((e) => e.kind === 'procurement-decision')!;
    expect(decision.content.latestVendorScores).to.deep.equal([
      { vendor: '广西数智科技有限公司', year: 2026, score: '82.50', comment: '整改后响应及时' },
      { vendor: '桂林云网信息技术有限公司', year: 2026, score: '58.00', comment: null },
    ]);
    const walked = steps(await s.path(key));
    expect(walked.slice(walked.indexOf('BudgetGateway'), walked.indexOf('ApproveProcurementPlan') + 1)).to.deep.equal(['BudgetGateway', 'LoadVendorScores', 'ApproveProcurementPlan']);
  });

  describe('the tripartite contract (Art. 16)', () => {
    it('Art. 16: when the term is 37 months, then a BPMN error sends it back to drafting and no contract is written', async () => {
      const projectId = await insertProject(s.t.db);
      const key = await s.start('project-construction', { projectId, departmentId: 'dept-a' });
      await walkToContract(s, key);
      await draftContract(s, key, { contractEndDate: '2030-04-01' });
      await s.userTask('DraftContract', key);
      const path = await s.path(key);
      expect(path).to.include('ContractInvalid');
      expect(path).not.to.include('SignContract');
      expect(((await s.variables(key)).contractProblem as { en: string }).en).to.contain('36 months');
      expect(await s.t.db('contracts').where({ project_id: projectId })).to.have.length(0);
      expect((await s.t.db('projects').where({ id: projectId }).first()).status).to.equal('approved');

      await draftContract(s, key);
      await s.userTask('ReportMilestone', key);
      expect(steps(await s.path(key)).filter((id) => id === 'DraftContract')).to.have.length(2);
      expect(await s.t.db('contracts').where({ project_id: projectId })).to.have.length(1);
    });

    it('Art. 16: when a 37-month term carries the Bureau’s recorded, reasoned exception, then the contract is accepted and the exception archived', async () => {
      const projectId = await insertProject(s.t.db);
      const key = await s.start('project-construction', { projectId, departmentId: 'dept-a' });
      await walkToContract(s, key);
      await draftContract(s, key, { contractEndDate: '2030-04-01', termExceptionRequested: true });
      const exception = await s.userTask('DecideTermException', key);
      expect(exception.candidateGroups).to.deep.equal(['big-data-bureau']);
      await s.complete(exception, { termExceptionDecision: 'grant', termExceptionReason: '需与国家平台三期对接周期一致，延长一个月' });
      await s.userTask('ReportMilestone', key);

      expect(await s.path(key)).not.to.include('ContractInvalid');
      const [contract] = await s.t.db('contracts').where({ project_id: projectId });
      expect(contract.term_exception_reason).to.equal('需与国家平台三期对接周期一致，延长一个月');
      const archive = await listArchive(s.t.db, projectId);
      const decision = archive.find((e) => e.kind === 'term-exception-decision')!;
      expect(decision.content).to.include({ reason: '需与国家平台三期对接周期一致，延长一个月', endDate: '2030-04-01' });
      expect(archive.map((e) => e.kind)).to.include('contract');
      expect((await s.t.db('projects').where({ id: projectId }).first()).status).to.equal('in-construction');
    });

    it('Art. 16: when the Bureau refuses the exception, then the long contract goes back to drafting', async () => {
      const projectId = await insertProject(s.t.db);
      const key = await s.start('project-construction', { projectId, departmentId: 'dept-a' });
      await walkToContract(s, key);
      await draftContract(s, key, { contractEndDate: '2030-04-01', termExceptionRequested: true });
      await s.complete(await s.userTask('DecideTermException', key), { termExceptionDecision: 'refuse', termExceptionReason: '无特殊理由，应按三年签订' });
      await s.userTask('DraftContract', key);
      expect(await s.path(key)).to.include('ContractInvalid');
      expect(await s.t.db('contracts').where({ project_id: projectId })).to.have.length(0);
    });

    it('Art. 16: when only two parties sign, then it goes back to drafting', async () => {
      const projectId = await insertProject(s.t.db);
      const key = await s.start('project-construction', { projectId, departmentId: 'dept-a' });
      await walkToContract(s, key);
      await draftContract(s, key, { contractConstructionUnit: '' });
      await s.userTask('DraftContract', key);
      expect(await s.path(key)).to.include('ContractInvalid');
      expect(((await s.variables(key)).contractProblem as { zh: string }).zh).to.contain('项目建设单位');
      expect(await s.t.db('contracts').where({ project_id: projectId })).to.have.length(0);
    });
  });
});
