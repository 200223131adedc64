import { expect } from 'chai';
import type { Knex } from 'knex';
import type { Scenario } from './scenario';
import { waitFor } from './settle';

/**
 * The clerks' side of project-construction and project-acceptance, step by step, with form data that passes
 * every rule; a test overrides one step's data to take an unhappy path.
 */
export const SCHEME = {
  constructionContent: '建设教育统一身份认证平台',
  functionalApplications: '单点登录、统一权限、账号生命周期管理',
  dataResources: '教职工与学生基础信息库',
  technicalArchitecture: '部署于壮美广西·政务云的微服务架构',
  standards: '自治区政务信息化标准规范',
  constructionPeriod: '12个月',
  implementationPath: '一期认证中心，二期接入业务系统',
  serviceGuarantees: '7×24小时运维值守',
  trainingPlan: '管理员培训两次、用户培训四次',
  // Amounts are yuan strings, as the forms enter them (src/rules/money.ts).
  investmentEstimate: '3000000.00',
};

export const SCORE = { policyCompliance: 88, feasibility: 82, dataSharing: 90, securityAssurance: 85, resourceUse: 80, investmentEstimateScore: 78, reviewComment: '方案可行' };

export const CONTRACT = {
  contractUserUnit: '自治区教育厅',
  contractConstructionUnit: '自治区信息中心',
  contractImplementingUnit: '广西数智科技有限公司',
  contractStartDate: '2027-03-01',
  contractEndDate: '2029-02-28',
  contractAmount: '2750000.00',
  termExceptionRequested: false,
};

export const DOCUMENTS = {
  implementationSummary: '项目实施总结报告.pdf',
  financialReport: '财务报告.pdf',
  auditReport: '审计报告.pdf',
  technicalDocumentation: '技术文档.zip',
  securityRiskAssessment: '安全风险评估报告.pdf',
  userConfirmation: '用户单位确认书.pdf',
};

export const ALL_CRITERIA_PASS = { goalsMet: 'pass', resourceUse: 'pass', dataSharing: 'pass', standardisation: 'pass', fundsUse: 'pass' };

let counter = 0;

/** A project of department dept-a; by default an item of the approved 2027 plan. */
export async function insertProject(db: Knex, fields: { planYear?: number | null; status?: string; estimate?: string } = {}): Promise<string> {
  counter += 1;
  const id = `test-project-${Date.now()}-${counter}`;
  await db('projects').insert({
    id,
    name: `测试项目${counter}`,
    department_id: 'dept-a',
    category: 'application',
    kind: 'new',
    funding_source: 'regional',
    plan_year: fields.planYear === undefined ? 2027 : fields.planYear,
    status: fields.status ?? 'approved',
    estimate: fields.estimate ?? '3000000.00',
  });
  return id;
}

export async function researchAndConfirm(s: Scenario, key: string): Promise<void> {
  await s.complete(await s.userTask('ResearchRequirements', key), { researchScope: '走访三个处室', requirementsReport: '需统一身份认证，覆盖全区学校' });
  await s.complete(await s.userTask('ConfirmRequirements', key), { requirementsConfirmation: 'confirm', confirmedBy: '李明', confirmationComment: '' });
}

export async function draftScheme(s: Scenario, key: string, scheme: Record<string, unknown> = SCHEME): Promise<void> {
  await s.complete(await s.userTask('DraftScheme', key), scheme);
}

/** Every expert of the drawn panel scores; returns the panel. */
export async function scoreScheme(s: Scenario, key: string): Promise<string[]> {
  const panel = (await waitForVariable(s, key, 'expertPanel')) as string[];
  for (let i = 0; i < panel.length; i += 1) {
    const task = await s.userTask('ExpertScoring', key);
    expect(task.candidateGroups).to.deep.equal(['expert']);
    expect(panel).to.include(task.assignee);
    await s.complete(task, SCORE);
  }
  return panel;
}

export const DRC_OPINION = { opinion: 'approve', comment: '符合自治区投资政策' };
export const FINANCE_OPINION = { opinion: 'revise', comment: '运维费用测算偏高，建议压减' };

/**
 * Art. 14: the whole review of one scheme: every expert scores, then (once the scores are checked, so the path is
 * always in this order) the DRC and Finance give their opinions; returns the panel.
 */
export async function reviewScheme(s: Scenario, key: string): Promise<string[]> {
  const panel = await scoreScheme(s, key);
  await pathThrough(s, key, 'ScoresValidGateway');
  const drc = await s.userTask('DrcSchemeReview', key);
  expect(drc.candidateGroups).to.deep.equal(['drc']);
  await s.complete(drc, DRC_OPINION);
  const finance = await s.userTask('FinanceSchemeReview', key);
  expect(finance.candidateGroups).to.deep.equal(['finance']);
  await s.complete(finance, FINANCE_OPINION);
  return panel;
}

export async function decideScheme(s: Scenario, key: string, decision: 'approve' | 'reject'): Promise<void> {
  await s.complete(await s.userTask('DecideScheme', key), { schemeDecision: decision, schemeDecisionComment: decision === 'approve' ? '同意' : '投资概算依据不足' });
}

export async function draftProcurement(s: Scenario, key: string, budget = '2800000.00'): Promise<void> {
  await s.complete(await s.userTask('DraftProcurementPlan', key), { procurementContent: '平台开发与三年运维', procurementBudget: budget, procurementMethod: 'public-tender' });
}

export async function approveProcurementAndRecordResult(s: Scenario, key: string): Promise<void> {
  await s.complete(await s.userTask('ApproveProcurementPlan', key), { procurementDecision: 'approve', procurementDecisionComment: '同意' });
  await s.complete(await s.userTask('RecordProcurementResult', key), { implementingUnit: '广西数智科技有限公司', vendorUsername: 'vendor', bidAmount: '2750000.00' });
}

/** From an approved plan item to the signed contract, every rule passing. */
export async function walkToContract(s: Scenario, key: string): Promise<void> {
  await researchAndConfirm(s, key);
  await draftScheme(s, key);
  await reviewScheme(s, key);
  await decideScheme(s, key, 'approve');
  await draftProcurement(s, key);
  await approveProcurementAndRecordResult(s, key);
}

export async function draftContract(s: Scenario, key: string, overrides: Record<string, unknown> = {}): Promise<void> {
  await s.complete(await s.userTask('DraftContract', key), { ...CONTRACT, ...overrides });
}

export async function finishImplementation(s: Scenario, key: string): Promise<void> {
  await s.complete(await s.userTask('ReportMilestone', key), { milestoneName: '认证中心上线', milestoneReport: '一期完成', implementationStatus: 'continuing' });
  await s.complete(await s.userTask('ReportMilestone', key), { milestoneName: '业务系统接入', milestoneReport: '二期完成', implementationStatus: 'complete' });
}

export async function applyForAcceptance(s: Scenario, key: string, documents: Record<string, unknown> = DOCUMENTS): Promise<void> {
  await s.complete(await s.userTask('ApplyForAcceptance', key), documents);
}

export async function organiseAndExamine(s: Scenario, key: string, results: Record<string, unknown> = ALL_CRITERIA_PASS): Promise<void> {
  await s.complete(await s.userTask('OrganiseAcceptance', key), { acceptanceDate: '2029-03-10', acceptanceGroup: '大数据发展局、教育厅、专家两名', acceptanceBasis: '合同第五条验收条款' });
  await s.complete(await s.userTask('ExamineAcceptance', key), { ...results, acceptanceFindings: '见各项结论' });
}

export async function archiveKinds(db: Knex, projectId: string): Promise<string[]> {
  return db('project_archive').where({ project_id: projectId }).orderBy('id').pluck('kind');
}

export async function waitForVariable(s: Scenario, key: string, name: string): Promise<unknown> {
  let value: unknown;
  await waitFor(async () => {
    value = (await s.variables(key))[name];
    return value !== undefined && value !== null;
  }).catch(() => {
    throw new Error(`Expected variable '${name}' in instance ${key}, but it never appeared`);
  });
  return value;
}

/** The element ids of a path without the archive filing steps, which only record. */
export function steps(path: string[]): string[] {
  return path.filter((id) => !id.startsWith('File') && !id.startsWith('Flow'));
}

/** Waits until the instance has completed this element (workers finish asynchronously), then returns the path. */
export async function pathThrough(s: Scenario, key: string, elementId: string): Promise<string[]> {
  let path: string[] = [];
  await waitFor(async () => {
    path = await s.path(key);
    return path.includes(elementId);
  }).catch(() => {
    throw new Error(`Expected instance ${key} to pass '${elementId}', but its path is ${path.join(' → ')}`);
  });
  return path;
}
