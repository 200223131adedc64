import type { Knex } from 'knex';
import { hashPassword } from '../auth/passwords';
import { seedDemoPlan } from './demo-plan';
import { seedDemoProjects } from './demo-projects';

/**
 * Demo data for a first look: two departments and one user per role, all with the password "demo".
 * Loaded only into an empty directory, and only by the embedded default or DEMO=1 (see main.ts).
 */
export const DEMO_PASSWORD = 'demo';

export const DEMO_DEPARTMENTS = [
  { id: 'dept-a', name: '自治区教育厅', name_en: 'Education Department of the Region', cloud_chief: 'chief-a' },
  { id: 'dept-b', name: '自治区卫生健康委员会', name_en: 'Health Commission of the Region', cloud_chief: 'chief-b' },
];

export const DEMO_USERS: { username: string; displayName: string; groups: string[]; departmentId?: string }[] = [
  { username: 'bureau', displayName: '大数据发展局 王科长', groups: ['big-data-bureau'] },
  { username: 'clerk-a', displayName: '教育厅 李明', groups: ['user-unit'], departmentId: 'dept-a' },
  { username: 'clerk-b', displayName: '卫健委 张华', groups: ['user-unit'], departmentId: 'dept-b' },
  { username: 'chief-a', displayName: '教育厅 云长 陈强', groups: ['cloud-chief'], departmentId: 'dept-a' },
  { username: 'chief-b', displayName: '卫健委 云长 刘洋', groups: ['cloud-chief'], departmentId: 'dept-b' },
  { username: 'finance', displayName: '财政厅 赵敏', groups: ['finance'] },
  { username: 'drc', displayName: '发展改革委 孙伟', groups: ['drc'] },
  { username: 'infocenter', displayName: '信息中心 周杰', groups: ['info-center'] },
  { username: 'vendor', displayName: '实施单位 吴刚', groups: ['vendor'] },
  { username: 'expert1', displayName: '专家 郑教授', groups: ['expert'] },
  { username: 'expert2', displayName: '专家 冯研究员', groups: ['expert'] },
  { username: 'expert3', displayName: '专家 韩工程师', groups: ['expert'] },
  { username: 'gov', displayName: '自治区人民政府 办公厅', groups: ['government'] },
  { username: 'evaluator', displayName: '第三方评估机构 何平', groups: ['evaluator'] },
  { username: 'auditor', displayName: '审计 马丽', groups: ['auditor'] },
  { username: 'owner', displayName: '流程管理员 林峰', groups: ['process-owner'] },
];

/** Seeds the demo directory when no user exists yet; returns whether it did. */
export async function seedDemoData(db: Knex): Promise<boolean> {
  const existing = await db('users').count<{ count: string }[]>('* as count');
  if (Number(existing[0].count) > 0) return false;
  // One hash for all: scrypt is deliberately slow, and every demo user has the same password.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (trx) => {
    await trx('departments').insert(DEMO_DEPARTMENTS.map((d) => ({ ...d, cloud_chief: null })));
    await trx('users').insert(
      DEMO_USERS.map((u) => ({ username: u.username, display_name: u.displayName, password_hash: passwordHash, department_id: u.departmentId ?? null })),
    );
    await trx('user_groups').insert(DEMO_USERS.flatMap((u) => u.groups.map((group_id) => ({ username: u.username, group_id }))));
    for (const d of DEMO_DEPARTMENTS) await trx('departments').where({ id: d.id }).update({ cloud_chief: d.cloud_chief });
  });
  await seedDemoProjects(db);
  await seedDemoPlan(db);
  return true;
}
