import { expect } from 'chai';
import { adjustmentProject } from '../../src/rules/adjustment-project';

describe('rule adjustment-project (Art. 18)', () => {
  const cases: Array<{ when: string; project: { name: string } | undefined; ok: boolean; zh: string }> = [
    { when: 'the project exists', project: { name: '教育统一身份认证平台' }, ok: true, zh: '教育统一身份认证平台' },
    { when: 'no project has that id', project: undefined, ok: false, zh: '不存在' },
  ];
  for (const c of cases) {
    it(`Art. 18: when ${c.when}, then the application ${c.ok ? 'may proceed' : 'has nothing to adjust'}`, () => {
      const verdict = adjustmentProject(c.project, 'p-1');
      expect([verdict.ok, verdict.article]).to.deep.equal([c.ok, 18]);
      expect(verdict.reason.zh).to.contain(c.zh);
      expect(verdict.reason.en).to.be.a('string').and.not.equal('');
    });
  }
});
