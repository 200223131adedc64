import type { Knex } from 'knex';

/** Art. 29: supervision suspends and resumes a contract's execution; everyone reads contracts.status. */
export async function contractStatus(db: Knex, contractId: string): Promise<string> {
  const row = await db('contracts').where({ id: contractId }).first('status');
  if (!row) throw new Error(`Expected contract '${contractId}' to exist, but there is no such contract`);
  return row.status;
}

export async function setContractStatus(db: Knex, contractId: string, status: 'active' | 'suspended', suspensionReason: string | null): Promise<void> {
  await db('contracts').where({ id: contractId }).update({ status, suspension_reason: suspensionReason });
}
