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

/**
 * Art. 9: stores the government-approved plan of a round. There is one approved plan per year (a unique
 * index): if the year's plan exists already (opened by an Art. 10 addition, or an earlier round), the
 * round's items join it after the items it has.
 */
export async function storeApprovedPlan(
  db: Knex,
  plan: { planYear: number; total: string; summary: Record<string, unknown>; items: NewPlanItem[]; processInstanceKey: string; approvedAt: Date },
): Promise<StoredPlan> {
  return db.transaction(async (trx) => {
    // A retried job whose first attempt committed finds its plan, or its items in the year's plan.
    const own = await trx('plans').where({ process_instance_key: plan.processInstanceKey }).first('id');
    const joined = await trx('plan_items').where({ process_instance_key: plan.processInstanceKey }).first('plan_id');
    if (own || joined) {
      const projectIds = await trx('plan_items').where({ process_instance_key: plan.processInstanceKey }).orderBy('position').pluck('project_id');
      return { planId: own?.id ?? joined.plan_id, projectIds };
    }
    const opened = await openYearPlan(trx, { planYear: plan.planYear, total: plan.total, summary: plan.summary, processInstanceKey: plan.processInstanceKey, at: plan.approvedAt });
    const year = await lockYearPlan(trx, plan.planYear);
    if (!opened) {
      const summary = typeof year.summary === 'string' ? JSON.parse(year.summary) : year.summary;
      const laterRounds = { ...(summary.laterRounds ?? {}), [plan.processInstanceKey]: plan.summary };
      await trx('plans').where({ id: year.id }).update({ total: trx.raw('total + ?', [plan.total]), summary: JSON.stringify({ ...summary, laterRounds }) });
    }
    let position = await lastPosition(trx, year.id);
    const projectIds: string[] = [];
    for (const item of plan.items) {
      position += 1;
      const projectId = `P${plan.planYear}-${year.id}-${String(position).padStart(3, '0')}`;
      await insertItem(trx, year.id, projectId, plan.planYear, item, 'annual', position, plan.approvedAt, plan.processInstanceKey);
      projectIds.push(projectId);
    }
    return { planId: year.id, projectIds };
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
    await openYearPlan(trx, { planYear: input.planYear, total: '0', summary: { openedBy: 'out-of-plan-application' }, processInstanceKey: input.processInstanceKey, at: input.at });
    const plan = await lockYearPlan(trx, input.planYear);
    const position = (await lastPosition(trx, plan.id)) + 1;
    await insertItem(trx, plan.id, input.projectId, input.planYear, input.item, 'out-of-plan', position, input.at, null);
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

/**
 * Opens the year's approved plan unless one exists; true when this call opened it. Concurrent callers
 * meet at the unique index on (plan_year) of approved plans, so only one of them inserts.
 */
async function openYearPlan(trx: Knex, plan: { planYear: number; total: string; summary: Record<string, unknown>; processInstanceKey: string; at: Date }): Promise<boolean> {
  const result = await trx.raw(
    `insert into plans (plan_year, status, total, summary, process_instance_key, approved_at)
     values (?, 'approved', ?, ?, ?, ?)
     on conflict (plan_year) where status = 'approved' do nothing
     returning id`,
    [plan.planYear, plan.total, JSON.stringify(plan.summary), plan.processInstanceKey, plan.at],
  );
  return result.rows.length > 0;
}

/** The year's approved plan, locked until the transaction ends, so positions are handed out one at a time. */
async function lockYearPlan(trx: Knex, planYear: number): Promise<{ id: number; summary: unknown }> {
  const plan = await trx('plans').where({ plan_year: planYear, status: 'approved' }).forUpdate().first('id', 'summary');
  if (!plan) throw new Error(`Expected an approved plan for ${planYear}, but there is none`);
  return plan;
}

async function lastPosition(trx: Knex, planId: number): Promise<number> {
  const [row] = await trx('plan_items').where({ plan_id: planId }).max<{ max: number | null }[]>('position as max');
  return Number(row.max ?? 0);
}

async function insertItem(
  trx: Knex, planId: number, projectId: string, planYear: number, item: NewPlanItem, source: 'annual' | 'out-of-plan', position: number, at: Date, processInstanceKey: string | null,
): Promise<void> {
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
  await insertPlanItemRow(trx, planId, projectId, item, source, position, processInstanceKey);
}

/** The plan_items row that puts an existing project into a plan at a position. */
export async function insertPlanItemRow(
  trx: Knex, planId: number, projectId: string, item: NewPlanItem, source: 'annual' | 'out-of-plan', position: number, processInstanceKey: string | null = null,
): Promise<void> {
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
    process_instance_key: processInstanceKey,
  });
}
