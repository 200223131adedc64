import { expect } from 'chai';
import { chooseCloudChief, type RoutingDepartment, type RoutingUser } from '../../src/rules/cloud-chief-routing';

const department: RoutingDepartment = { id: 'dept-a', cloudChief: 'chief-a' };
const chief: RoutingUser = { username: 'chief-a', departmentId: 'dept-a', groups: ['cloud-chief'], active: true };

describe('rule: cloud-chief routing (Art. 7(4))', () => {
  const cases: Array<{ when: string; department?: RoutingDepartment; chief?: RoutingUser; cloudChief?: string; reason?: string }> = [
    { when: "the department names its cloud chief, an active member of the cloud-chief group in that department", department, chief, cloudChief: 'chief-a' },
    { when: 'the department is not in the directory', chief, reason: '目录中没有部门' },
    { when: 'the department has no cloud chief', department: { id: 'dept-a', cloudChief: null }, chief, reason: '未指定云长' },
    { when: 'the named cloud chief is not a user', department, reason: '不在用户目录中' },
    { when: 'the cloud chief is inactive', department, chief: { ...chief, active: false }, reason: '已停用' },
    { when: 'the cloud chief is not in the cloud-chief group', department, chief: { ...chief, groups: ['user-unit'] }, reason: '不在云长组' },
    { when: 'the cloud chief belongs to another department', department, chief: { ...chief, departmentId: 'dept-b' }, reason: '不属于部门' },
  ];
  for (const c of cases) {
    it(`Art. 7: when ${c.when}, then ${c.cloudChief ? `the plan goes to ${c.cloudChief}` : 'no one is chosen'}`, () => {
      const verdict = chooseCloudChief('dept-a', c.department, c.chief);
      expect(verdict.article).to.equal(7);
      expect(verdict.ok).to.equal(c.cloudChief !== undefined);
      expect(verdict.cloudChief).to.equal(c.cloudChief);
      if (c.reason) expect(verdict.reason.zh).to.contain(c.reason);
      expect(verdict.reason.en).to.be.a('string').and.not.empty;
    });
  }
});
