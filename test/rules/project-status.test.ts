import { expect } from 'chai';
import { projectStatusChange } from '../../src/rules/project-status';

describe('rule: project status (Art. 16, Art. 21, Art. 24)', () => {
  const cases = [
    { from: 'approved', to: 'in-construction', ok: true, article: 16 },
    { from: 'in-construction', to: 'accepted', ok: true, article: 21 },
    { from: 'accepted', to: 'in-operation', ok: true, article: 24 },
    { from: 'planned', to: 'in-construction', ok: false, article: 16 },
    { from: 'in-construction', to: 'in-operation', ok: false, article: 24 },
    { from: 'accepted', to: 'closed-by-magic', ok: false, article: 5 },
  ];
  for (const c of cases) {
    it(`Art. ${c.article}: when a project moves from ${c.from} to ${c.to}, then the change is ${c.ok ? 'allowed' : 'refused'}`, () => {
      expect(projectStatusChange(c.from, c.to)).to.include({ ok: c.ok, article: c.article });
    });
  }
});
