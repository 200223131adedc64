import { expect } from 'chai';
import { drawExpertPanel, type PoolExpert } from '../../src/rules/expert-panel';

const pool: PoolExpert[] = [
  { username: 'e1', departmentId: null },
  { username: 'e2', departmentId: 'dept-a' },
  { username: 'e3', departmentId: 'dept-b' },
  { username: 'e4', departmentId: null },
  { username: 'e5', departmentId: 'dept-a' },
];

describe('rule: expert review panel (Art. 9, Art. 14)', () => {
  const cases: Array<{ when: string; department: string | null; size: number; ok: boolean; panelSize: number; never?: string[] }> = [
    { when: 'the pool has enough independent experts', department: 'dept-a', size: 3, ok: true, panelSize: 3, never: ['e2', 'e5'] },
    { when: 'every eligible expert is needed', department: 'dept-b', size: 4, ok: true, panelSize: 4, never: ['e3'] },
    { when: 'the review is of no one department', department: null, size: 5, ok: true, panelSize: 5 },
    { when: 'too few experts are outside the applying department', department: 'dept-a', size: 4, ok: false, panelSize: 0 },
    { when: 'the panel size is not a positive integer', department: 'dept-a', size: 0, ok: false, panelSize: 0 },
  ];
  for (const c of cases) {
    it(`Art. 14: when ${c.when}, then the draw ${c.ok ? 'passes' : 'fails'}`, () => {
      const draw = drawExpertPanel(pool, c.department, c.size, 'job-1');
      expect(draw.verdict.ok).to.equal(c.ok);
      expect(draw.verdict.article).to.equal(14);
      expect(draw.panel).to.have.length(c.panelSize);
      for (const excluded of c.never ?? []) expect(draw.panel).not.to.include(excluded);
      expect(draw.verdict.reason.zh).to.be.a('string').and.not.empty;
      expect(draw.verdict.reason.en).to.be.a('string').and.not.empty;
    });
  }

  it('Art. 14: when the same draw is redone with its seed, then it gives the same panel (an auditor can check it)', () => {
    expect(drawExpertPanel(pool, 'dept-a', 2, 'job-7').panel).to.deep.equal(drawExpertPanel(pool, 'dept-a', 2, 'job-7').panel);
  });

  it('Art. 14: when many draws are made, then every independent expert is sometimes drawn', () => {
    const drawn = new Set<string>();
    for (let i = 0; i < 50; i++) for (const name of drawExpertPanel(pool, 'dept-a', 1, `job-${i}`).panel) drawn.add(name);
    expect([...drawn].sort()).to.deep.equal(['e1', 'e3', 'e4']);
  });
});
