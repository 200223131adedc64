import type { Knex } from 'knex';
import type { Allocation } from '../rules/budget-allocation';

/** Another process instance already confirmed the year's budget: there is one per year (Art. 11). */
export class BudgetYearTaken extends Error {
  constructor(readonly year: number, readonly budgetId: number, readonly byInstance: string | null) {
    super(
      `Art. 11: ${year} 年度资金预算已由流程实例 ${byInstance ?? '（未知）'} 下达（预算 ${budgetId}），每年只有一份 / ` +
        `the ${year} budget was already confirmed by process instance ${byInstance ?? '(unknown)'} (budget ${budgetId}); there is one per year`,
    );
  }
}

/**
 * The confirmed budget of a year (Art. 11) with every allocation, the unfunded ones included. One budget per
 * year (a unique index): concurrent or retried jobs meet at the index, so only one inserts. A retry of the
 * instance that wrote it gets its budget back; another instance for the same year gets BudgetYearTaken.
 */
export async function storeBudget(
  db: Knex,
  input: { year: number; allotment: string; allocated: string; allotmentReference: string | null; review: Record<string, unknown>; allocations: Allocation[]; processInstanceKey: string; at: Date },
): Promise<number> {
  return db.transaction(async (trx) => {
    const inserted = await trx('budgets')
      .insert({
        year: input.year,
        allotment: input.allotment,
        allocated: input.allocated,
        allotment_reference: input.allotmentReference,
        review: JSON.stringify(input.review),
        process_instance_key: input.processInstanceKey,
        confirmed_at: input.at,
      })
      .onConflict('year')
      .ignore()
      .returning('id');
    if (inserted.length === 0) {
      const existing = await trx('budgets').where({ year: input.year }).first('id', 'process_instance_key');
      if (!existing) throw new Error(`Expected the ${input.year} budget to exist after a conflict, but it does not`);
      if (existing.process_instance_key === input.processInstanceKey) return existing.id as number;
      throw new BudgetYearTaken(input.year, existing.id, existing.process_instance_key);
    }
    const budgetId = idOf(inserted[0]);
    // The budget row is new and ours, so its allocations are too; the indexes on budget_allocations refuse a
    // candidate list that names a contract, or a project without one, twice.
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

function idOf(row: unknown): number {
  return typeof row === 'object' && row !== null ? (row as { id: number }).id : (row as number);
}
