import type { Knex } from 'knex';

/** Art. 10: every out-of-plan application is recorded with its outcome, approved or rejected with the reason. */
export async function recordOutOfPlanDecision(
  db: Knex,
  input: {
    departmentId: string;
    planYear: number;
    item: Record<string, unknown>;
    orderedBy: string;
    orderReference: string | null;
    status: 'approved' | 'rejected';
    reason: string | null;
    projectId: string | null;
    processInstanceKey: string;
    at: Date;
  },
): Promise<number> {
  const existing = await db('out_of_plan_applications').where({ process_instance_key: input.processInstanceKey }).first();
  if (existing) return existing.id;
  const [row] = await db('out_of_plan_applications')
    .insert({
      department_id: input.departmentId,
      plan_year: input.planYear,
      item: JSON.stringify(input.item),
      ordered_by: input.orderedBy,
      order_reference: input.orderReference,
      status: input.status,
      reason: input.reason,
      project_id: input.projectId,
      process_instance_key: input.processInstanceKey,
      decided_at: input.at,
    })
    .returning('id');
  return typeof row === 'object' ? row.id : row;
}
