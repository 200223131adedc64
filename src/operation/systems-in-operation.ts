import type { Knex } from 'knex';

/** A system in operation (a project with status in-operation) with what the yearly rounds need of it. */
export interface SystemInOperation {
  projectId: string;
  name: string;
  departmentId: string;
  category: string;
  status: string;
  lastAssessedAt: Date | null;
  contract: ContractSummary | null;
}

export interface ContractSummary {
  contractId: string;
  implementingUnit: string;
  vendorUsername: string | null;
  status: string;
}

export async function listSystemsInOperation(db: Knex): Promise<SystemInOperation[]> {
  const projects = await db('projects').where({ status: 'in-operation' }).orderBy('id');
  const result: SystemInOperation[] = [];
  for (const p of projects) {
    const last = await db('security_assessments').where({ project_id: p.id }).max('assessed_at as at').first();
    result.push({
      projectId: p.id,
      name: p.name,
      departmentId: p.department_id,
      category: p.category,
      status: p.status,
      lastAssessedAt: last?.at ? new Date(last.at) : null,
      contract: await currentContract(db, p.id),
    });
  }
  return result;
}

/** The newest contract of a project that has not ended: the one supervision inspects (Art. 28). */
export async function currentContract(db: Knex, projectId: string): Promise<ContractSummary | null> {
  const row = await db('contracts').where({ project_id: projectId }).whereNot({ status: 'ended' }).orderBy('signed_at', 'desc').first();
  if (!row) return null;
  return { contractId: row.id, implementingUnit: row.implementing_unit, vendorUsername: row.vendor_username, status: row.status };
}
