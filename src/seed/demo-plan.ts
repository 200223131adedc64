import type { Knex } from 'knex';
import { insertApprovedPlanRow, insertPlanItemRow } from '../planning/plans';
import { aggregatePlans, type DepartmentPlan } from '../rules/plan-aggregation';
import type { PlanItem } from '../rules/plan-item';
import { DEMO_PROJECTS } from './demo-projects';

/**
 * The approved 2027 regional plan that holds the two demo projects, stored as annual-planning's write-plan
 * stores an approved plan (Art. 8–9): items in the Art. 8 order with their totals per department, so that
 * out-of-plan additions (Art. 10) join this plan and budget-arrangement (Art. 11) finds its items.
 */
export const DEMO_PLAN_YEAR = 2027;

/** Government approval of the 2027 plan, in the autumn before (Beijing time). */
export const DEMO_PLAN_APPROVED_AT = new Date('2026-09-30T10:00:00+08:00');

/** What a plan item carries beyond the project row: Art. 8 priority and the Art. 25 domestic products. */
const PLAN_DETAILS: Record<string, Pick<PlanItem, 'priority' | 'domesticProducts'>> = {
  'gx-2027-edu-identity': { priority: false, domesticProducts: ['database', 'operating-system'] },
  'gx-2027-health-data': { priority: true, domesticProducts: ['database', 'operating-system', 'chip'] },
};

/** Stores the plan unless a demo project is already an item of some plan; returns whether it did. */
export async function seedDemoPlan(db: Knex): Promise<boolean> {
  const ids = DEMO_PROJECTS.map((p) => p.id);
  if (await db('plan_items').whereIn('project_id', ids).first()) return false;
  const departments = await db('departments').whereIn('id', [...new Set(DEMO_PROJECTS.map((p) => p.department_id))]).orderBy('id');
  const departmentPlans: DepartmentPlan[] = departments.map((d: { id: string; name: string }) => ({
    departmentId: d.id,
    departmentName: d.name,
    included: true,
    flagged: false,
    scores: [],
    items: DEMO_PROJECTS.filter((p) => p.department_id === d.id).map((p) => ({
      name: p.name,
      category: p.category as PlanItem['category'],
      kind: p.kind as PlanItem['kind'],
      fundingSource: p.funding_source as PlanItem['fundingSource'],
      estimate: p.estimate,
      ...PLAN_DETAILS[p.id],
    })),
  }));
  const { plan } = aggregatePlans(DEMO_PLAN_YEAR, departmentPlans);
  const review = { governmentComment: '演示数据：视同自治区人民政府已批准的 2027 年度计划' };
  await db.transaction(async (trx) => {
    const planId = await insertApprovedPlanRow(trx, {
      planYear: plan.planYear,
      total: plan.total,
      summary: { totals: plan.totals, excluded: plan.excluded, departments: plan.departments, review },
      processInstanceKey: null,
      approvedAt: DEMO_PLAN_APPROVED_AT,
    });
    for (const item of plan.items) {
      const project = DEMO_PROJECTS.find((p) => p.department_id === item.departmentId && p.name === item.name)!;
      await insertPlanItemRow(trx, planId, project.id, item, 'annual', item.position);
    }
  });
  return true;
}
