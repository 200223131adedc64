import type { Scenario } from '../helpers/scenario';
import { departmentTask } from '../helpers/department-task';

/** What the clerks of the planning processes type in, and the steps they take, shared by the scenario tests. */
export const SECTIONS = {
  fitsNationalPlanning: '符合国家“十四五”推进国家政务信息化规划',
  fitsDigitalGuangxi: '符合数字广西建设规划，服务本部门核心业务',
  necessity: '现有系统无法支撑业务增长',
  goals: '建成统一的业务平台',
  contentAndScale: '建设业务系统一套，覆盖全区',
  functions: '事项办理、统计分析',
  dataResources: '对接自治区数据共享交换平台',
  securitySafeguards: '按等保三级建设',
  operationServices: '统一运维，7×24小时',
  budget: '估算如项目清单',
};

export function draftOf(departmentId: string): Record<string, unknown> {
  if (departmentId === 'dept-a') {
    return {
      ...SECTIONS,
      item1Name: '教育管理信息系统升级',
      item1Category: 'application',
      item1Kind: 'upgrade',
      item1FundingSource: 'regional',
      item1Estimate: '1200000.00',
      item1Priority: false,
      item1DomesticProducts: ['database'],
    };
  }
  return {
    ...SECTIONS,
    item1Name: '全民健康信息平台扩建',
    item1Category: 'infrastructure',
    item1Kind: 'extension',
    item1FundingSource: 'central',
    item1Estimate: '3000000.50',
    item1Priority: false,
    item1DomesticProducts: [],
    item2Name: '突发公共卫生事件监测预警系统',
    item2Category: 'application',
    item2Kind: 'new',
    item2FundingSource: 'special',
    item2Estimate: '800000',
    item2Priority: true,
    item2DomesticProducts: ['operating-system', 'chip'],
  };
}

/** The unit drafts a complete plan and its cloud chief approves it. */
export async function draftAndApprove(s: Scenario, key: string, departmentId: string): Promise<void> {
  await s.complete(await departmentTask(s, 'DraftPlan', key, departmentId), draftOf(departmentId));
  await s.complete(await departmentTask(s, 'ChiefApproval', key, departmentId), { decision: 'approve', comment: '同意提交' });
}

/** DRC, Finance and the three experts review; the Bureau consolidates. */
export async function reviewAndConsolidate(s: Scenario, key: string): Promise<void> {
  await s.complete(await s.userTask('DrcReview', key), { decision: 'approve', comment: '符合发展规划' });
  await s.complete(await s.userTask('FinanceReview', key), { decision: 'approve', comment: '资金可以保障' });
  for (let i = 0; i < 3; i++) await s.complete(await s.userTask('ExpertReview', key), { score: 85 + i, comment: '方案可行' });
  await s.complete(await s.userTask('Consolidate', key), { consolidatedOpinion: '经审查论证，建议批准' });
}
