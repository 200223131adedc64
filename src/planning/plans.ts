import type { Knex } from 'knex';
import type { PlanItem } from '../rules/plan-item';

/**
 * The approved regional annual plan (Art. 9) and its items. Every item is also a project row with its
 * plan year and status 'approved': that is what makes it "an item of an approved annual plan" (Art. 5).
 */
export interface NewPlanItem extends PlanItem {
  departmentId: string;
}

export interface StoredPlan {
  planId: number;
  projectIds: string[];
}

export async function storeApprovedPlan(
  db: Knex,
  plan: { planYear: number; total: string; summary: Record<string, unknown>; items: NewPlanItem[]; processInstanceKey: string; approvedAt: Date },
): Promise<StoredPlan> {
  const existing = await db('plans').where({ process_instance_key: plan.processInstanceKey }).first();
  if (existing) return { planId: existing.id, projectIds: await db('plan_items').where({ plan_id: existing.id }).orderBy('position').pluck('project_id') };
  return db.transaction(async (trx) => {
    const planId = await insertApprovedPlanRow(trx, plan);
    const projectIds: string[] = [];
    for (const [index, item] of plan.items.entries()) {
      const projectId = `P${plan.planYear}-${planId}-${String(index + 1).padStart(3, '0')}`;
      await insertItem(trx, planId, projectId, plan.planYear, item, 'annual', index + 1, plan.approvedAt);
      projectIds.push(projectId);
    }
    return { planId, projectIds };
  });
}

/** Art. 10: an approved out-of-plan item joins the year's approved plan (one is opened if none exists yet). */
export async function addToApprovedPlan(
  db: Knex,
  input: { planYear: number; item: NewPlanItem; projectId: string; processInstanceKey: string; at: Date },
): Promise<{ planId: number; projectId: string }> {
  return db.transaction(async (trx) => {
    // A retried job whose first attempt committed finds its item already in the plan.
    const done = await trx('plan_items').where({ project_id: input.projectId }).first();
    if (done) return { planId: done.plan_id, projectId: input.projectId };
    let plan = await trx('plans').where({ plan_year: input.planYear, status: 'approved' }).orderBy('id', 'desc').first();
    if (!plan) {
      const [row] = await trx('plans')
        .insert({ plan_year: input.planYear, status: 'approved', total: '0', summary: JSON.stringify({ openedBy: 'out-of-plan-application' }), process_instance_key: input.processInstanceKey, approved_at: input.at })
        .returning('*');
      plan = row;
    }
    const last = await trx('plan_items').where({ plan_id: plan.id }).max<{ max: number | null }[]>('position as max');
    await insertItem(trx, plan.id, input.projectId, input.planYear, input.item, 'out-of-plan', Number(last[0].max ?? 0) + 1, input.at);
    await trx('plans').where({ id: plan.id }).update({ total: trx.raw('total + ?', [input.item.estimate]) });
    return { planId: plan.id, projectId: input.projectId };
  });
}

/** The plans row of a government-approved plan (Art. 9); returns its id. */
export async function insertApprovedPlanRow(
  trx: Knex,
  plan: { planYear: number; total: string; summary: Record<string, unknown>; processInstanceKey: string | null; approvedAt: Date },
): Promise<number> {
  const [row] = await trx('plans')
    .insert({ plan_year: plan.planYear, status: 'approved', total: plan.total, summary: JSON.stringify(plan.summary), process_instance_key: plan.processInstanceKey, approved_at: plan.approvedAt })
    .returning('id');
  return typeof row === 'object' ? row.id : row;
}

async function insertItem(trx: Knex, planId: number, projectId: string, planYear: number, item: NewPlanItem, source: 'annual' | 'out-of-plan', position: number, at: Date): Promise<void> {
  await trx('projects').insert({
    id: projectId,
    name: item.name,
    department_id: item.departmentId,
    category: item.category,
    kind: item.kind,
    funding_source: item.fundingSource,
    plan_year: planYear,
    status: 'approved',
    estimate: item.estimate,
    created_at: at,
  });
  await insertPlanItemRow(trx, planId, projectId, item, source, position);
}

/** The plan_items row that puts an existing project into a plan at a position. */
export async function insertPlanItemRow(trx: Knex, planId: number, projectId: string, item: NewPlanItem, source: 'annual' | 'out-of-plan', position: number): Promise<void> {
  await trx('plan_items').insert({
    plan_id: planId,
    project_id: projectId,
    department_id: item.departmentId,
    name: item.name,
    category: item.category,
    kind: item.kind,
    funding_source: item.fundingSource,
    estimate: item.estimate,
    priority: item.priority,
    domestic_products: JSON.stringify(item.domesticProducts),
    source,
    position,
  });
}
