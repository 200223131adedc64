import type { Knex } from 'knex';

/**
 * Two projects of the approved 2027 plan, one per demo department, so that a first-time user can walk a
 * project through construction, acceptance and operation (start project-lifecycle with their ids).
 */
export const DEMO_PROJECTS = [
  {
    id: 'gx-2027-edu-identity',
    name: '教育统一身份认证平台',
    department_id: 'dept-a',
    category: 'application',
    kind: 'new',
    funding_source: 'regional',
    plan_year: 2027,
    status: 'approved',
    estimate: '3000000.00',
  },
  {
    id: 'gx-2027-health-data',
    name: '全民健康信息平台数据资源扩容',
    department_id: 'dept-b',
    category: 'information-resources',
    kind: 'extension',
    funding_source: 'central',
    plan_year: 2027,
    status: 'approved',
    estimate: '4800000.00',
  },
];

/** Inserts the demo projects that are not there yet. */
export async function seedDemoProjects(db: Knex): Promise<void> {
  for (const project of DEMO_PROJECTS) {
    if (!(await db('projects').where({ id: project.id }).first())) await db('projects').insert(project);
  }
}
