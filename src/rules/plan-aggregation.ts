import { fenOf, toYuan } from './money';
import type { PlanItem } from './plan-item';
import { pass, type Verdict } from './verdict';

/**
 * Art. 8: the Bureau aggregates the departments' plans into one regional annual plan, putting first the
 * items that serve major decisions of the Party committee and government (`priority`), with a total per
 * department. Departments left out under Art. 30 are listed with their reason, not dropped.
 */
export interface DepartmentPlan {
  departmentId: string;
  departmentName: string;
  included: boolean;
  exclusionReason?: { zh: string; en: string } | null;
  flagged?: boolean;
  flagReason?: string | null;
  overrideReason?: string | null;
  /** Art. 32: the department's evaluation scores, shown to the reviewers. */
  scores?: { year: number; score: string; comment?: string | null }[];
  items: PlanItem[];
}

export interface RegionalPlanItem extends PlanItem {
  departmentId: string;
  departmentName: string;
  /** 1-based order in the regional plan. */
  position: number;
}

export interface RegionalPlan {
  planYear: number;
  items: RegionalPlanItem[];
  totals: { departmentId: string; departmentName: string; itemCount: number; total: string }[];
  total: string;
  excluded: { departmentId: string; departmentName: string; reason: { zh: string; en: string } }[];
  departments: { departmentId: string; departmentName: string; flagged: boolean; flagReason: string | null; overrideReason: string | null; scores: DepartmentPlan['scores'] }[];
}

export function aggregatePlans(planYear: number, departmentPlans: DepartmentPlan[]): Verdict & { plan: RegionalPlan } {
  const included = departmentPlans.filter((d) => d.included);
  const tagged = included.flatMap((d) => d.items.map((item) => ({ ...item, departmentId: d.departmentId, departmentName: d.departmentName })));
  // A stable sort keeps the departments' own order within the priority and the ordinary items.
  const ordered = [...tagged.filter((i) => i.priority), ...tagged.filter((i) => !i.priority)].map((item, index) => ({ ...item, position: index + 1 }));
  const totals = included.map((d) => ({
    departmentId: d.departmentId,
    departmentName: d.departmentName,
    itemCount: d.items.length,
    total: toYuan(d.items.reduce((sum, i) => sum + fenOf(i.estimate), 0n)),
  }));
  const total = toYuan(ordered.reduce((sum, i) => sum + fenOf(i.estimate), 0n));
  const excluded = departmentPlans
    .filter((d) => !d.included)
    .map((d) => ({ departmentId: d.departmentId, departmentName: d.departmentName, reason: d.exclusionReason ?? { zh: '未列入', en: 'left out' } }));
  const departments = departmentPlans.map((d) => ({
    departmentId: d.departmentId,
    departmentName: d.departmentName,
    flagged: d.flagged === true,
    flagReason: d.flagReason ?? null,
    overrideReason: d.overrideReason ?? null,
    scores: d.scores ?? [],
  }));
  const priorityCount = ordered.filter((i) => i.priority).length;
  return {
    ...pass(8, {
      zh: `汇总 ${included.length} 个部门的 ${ordered.length} 个项目，其中重点保障项目 ${priorityCount} 个，合计 ${total} 元`,
      en: `${ordered.length} items of ${included.length} departments, ${priorityCount} of them priority, ${total} yuan in total`,
    }),
    plan: { planYear, items: ordered, totals, total, excluded, departments },
  };
}
