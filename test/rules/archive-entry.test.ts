import { expect } from 'chai';
import { archiveEntry } from '../../src/rules/archive-entry';

describe('rule: archive entry (Art. 23)', () => {
  const good = { projectId: 'p1', kind: 'contract', title: '三方合同', content: { contractId: 'c1' } };
  const cases = [
    { when: 'the entry has a project, a known kind, a title and content', draft: good, ok: true },
    { when: 'the entry has no project', draft: { ...good, projectId: undefined }, ok: false },
    { when: 'the kind is unknown', draft: { ...good, kind: 'gossip' }, ok: false },
    { when: 'the title is blank', draft: { ...good, title: ' ' }, ok: false },
    { when: 'the content is empty', draft: { ...good, content: {} }, ok: false },
  ];
  for (const c of cases) {
    it(`Art. 23: when ${c.when}, then it ${c.ok ? 'is filed' : 'is refused'}`, () => {
      expect(archiveEntry(c.draft)).to.include({ ok: c.ok, article: 23 });
    });
  }
});
