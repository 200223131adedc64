import type { Knex } from 'knex';
import type { Allocation } from '../rules/budget-allocation';

/** The confirmed budget of a year (Art. 11) with every allocation, the unfunded ones included. */
export async function storeBudget(
  db: Knex,
  input: { year: number; allotment: string; allocated: string; allotmentReference: string | null; review: Record<string, unknown>; allocations: Allocation[]; processInstanceKey: string; at: Date },
): Promise<number> {
  const existing = await db('budgets').where({ process_instance_key: input.processInstanceKey }).first();
  if (existing) return existing.id;
  return db.transaction(async (trx) => {
    const [row] = await trx('budgets')
      .insert({
        year: input.year,
        allotment: input.allotment,
        allocated: input.allocated,
        allotment_reference: input.allotmentReference,
        review: JSON.stringify(input.review),
        process_instance_key: input.processInstanceKey,
        confirmed_at: input.at,
      })
      .returning('id');
    const budgetId: number = typeof row === 'object' ? row.id : row;
    if (input.allocations.length > 0) {
      await trx('budget_allocations').insert(
        input.allocations.map((a) => ({
          budget_id: budgetId,
          department_id: a.departmentId,
          project_id: a.projectId,
          contract_id: a.contractId ?? null,
          kind: a.kind,
          amount: a.amount,
          funded: a.funded,
        })),
      );
    }
    return budgetId;
  });
}
