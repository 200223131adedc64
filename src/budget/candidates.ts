import type { Knex } from 'knex';
import type { Candidate } from '../rules/budget-allocation';

/**
 * What asks for money in a budget year (Art. 11): commitments (contracts still in term during the year,
 * and projects under construction without one), then the approved new items of that year's plan.
 */
export async function loadCommitments(db: Knex, year: number): Promise<Candidate[]> {
  const yearStart = `${year}-01-01`;
  const yearEnd = `${year}-12-31`;
  const contracts = await db('contracts')
    .join('projects', 'projects.id', 'contracts.project_id')
    .whereIn('contracts.status', ['active', 'suspended'])
    .andWhere('contracts.start_date', '<=', yearEnd)
    .andWhere('contracts.end_date', '>=', yearStart)
    .select('contracts.id as contract_id', 'contracts.amount', 'projects.id as project_id', 'projects.name', 'projects.department_id', 'projects.status', 'projects.estimate')
    .orderBy('contracts.id');
  const underContract = new Set(contracts.map((c: any) => c.project_id));
  const building = await db('projects').where({ status: 'in-construction' }).orderBy('id');
  const fromContracts: Candidate[] = contracts.map((c: any) => ({
    kind: c.status === 'in-construction' ? 'construction-commitment' : 'operation-commitment',
    departmentId: c.department_id,
    projectId: c.project_id,
    contractId: c.contract_id,
    name: c.name,
    amount: String(c.amount ?? c.estimate ?? '0'),
  }));
  const withoutContract: Candidate[] = building
    .filter((p: any) => !underContract.has(p.id))
    .map((p: any) => ({ kind: 'construction-commitment', departmentId: p.department_id, projectId: p.id, contractId: null, name: p.name, amount: String(p.estimate ?? '0') }));
  return [...fromContracts, ...withoutContract];
}

export async function loadNewItems(db: Knex, year: number): Promise<Candidate[]> {
  const rows = await db('projects')
    .leftJoin('plan_items', 'plan_items.project_id', 'projects.id')
    .where({ 'projects.plan_year': year, 'projects.status': 'approved' })
    .select('projects.id', 'projects.name', 'projects.department_id', 'projects.estimate', 'plan_items.priority', 'plan_items.position')
    .orderBy([{ column: 'plan_items.position' }, { column: 'projects.id' }]);
  return rows.map((p: any) => ({
    kind: 'new-item',
    departmentId: p.department_id,
    projectId: p.id,
    contractId: null,
    name: p.name,
    amount: String(p.estimate ?? '0'),
    priority: p.priority === true,
  }));
}
