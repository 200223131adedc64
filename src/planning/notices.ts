import type { Allocation } from '../rules/budget-allocation';
import type { RegionalPlan } from '../rules/plan-aggregation';
import type { PlanItem } from '../rules/plan-item';

/**
 * The plain texts the task forms show beside a decision (flags, scores, the plan's items). Forms show
 * process variables only as flat fields, so the workers prepare these once, in Chinese, for the reviewers.
 */
const CATEGORY: Record<string, string> = { infrastructure: '基础设施', application: '应用系统', 'information-resources': '信息资源', security: '信息安全' };
const KIND: Record<string, string> = { new: '新建', extension: '扩建', upgrade: '改造升级' };
const DOMESTIC: Record<string, string> = { database: '国产数据库', 'operating-system': '国产操作系统', chip: '国产芯片' };
const ALLOCATION_KIND: Record<string, string> = { 'construction-commitment': '在建项目', 'operation-commitment': '合同期内运维', 'new-item': '新增项目' };

export function flagNotice(flagged: boolean, reason: string | null): string {
  return flagged ? `已标记（第三十条）：${reason ?? '未落实数字广西建设要求'}` : '未标记';
}

export function scoreSummary(scores: { year: number; score: string; comment?: string | null }[]): string {
  if (scores.length === 0) return '无评价结果';
  return scores.map((s) => `${s.year}年 ${s.score} 分${s.comment ? `（${s.comment}）` : ''}`).join('；');
}

export function itemLine(item: PlanItem & { departmentName?: string; position?: number }): string {
  const products = item.domesticProducts.map((p) => DOMESTIC[p] ?? p).join('、');
  return [
    item.position !== undefined ? `${item.position}. ` : '',
    item.departmentName ? `【${item.departmentName}】` : '',
    `${item.name}：${CATEGORY[item.category] ?? item.category}，${KIND[item.kind] ?? item.kind}，${item.estimate} 元`,
    item.priority ? '，重点保障' : '',
    products ? `，使用${products}` : '',
  ].join('');
}

export function itemsSummary(items: (PlanItem & { departmentName?: string; position?: number })[]): string {
  return items.map(itemLine).join('\n');
}

export function departmentNotices(plan: RegionalPlan): string {
  return plan.departments
    .map((d) => {
      const total = plan.totals.find((t) => t.departmentId === d.departmentId);
      const excluded = plan.excluded.find((e) => e.departmentId === d.departmentId);
      const place = excluded ? `不列入：${excluded.reason.zh}` : `合计 ${total?.total ?? '0.00'} 元`;
      const override = d.overrideReason ? `，例外列入理由：${d.overrideReason}` : '';
      return `${d.departmentName}：${place}；${flagNotice(d.flagged, d.flagReason)}${override}；评价结果：${scoreSummary(d.scores ?? [])}`;
    })
    .join('\n');
}

export function allocationLines(allocations: Allocation[]): string {
  return allocations
    .map((a) => `${a.funded ? '安排' : '未安排'}　${ALLOCATION_KIND[a.kind]}　${a.departmentId}　${a.name}：${a.amount} 元${a.priority ? '（重点保障）' : ''}`)
    .join('\n');
}
