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
  // One record per process instance (a unique index): a retried or concurrent job meets the first
  // attempt's row at the index instead of passing a check-then-insert both at once.
  const inserted = await db('out_of_plan_applications')
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
    .onConflict('process_instance_key')
    .ignore()
    .returning('id');
  if (inserted.length > 0) return idOf(inserted[0]);
  const existing = await db('out_of_plan_applications').where({ process_instance_key: input.processInstanceKey }).first('id');
  if (!existing) throw new Error(`Expected the out-of-plan application of instance ${input.processInstanceKey} to exist after a conflict, but it does not`);
  return existing.id;
}

function idOf(row: unknown): number {
  return typeof row === 'object' && row !== null ? (row as { id: number }).id : (row as number);
}
