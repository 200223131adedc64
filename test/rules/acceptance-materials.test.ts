import { expect } from 'chai';
import { ACCEPTANCE_DOCUMENTS, acceptanceMaterials } from '../../src/rules/acceptance-materials';

export const ALL_DOCUMENTS = Object.fromEntries(ACCEPTANCE_DOCUMENTS.map((d) => [d.key, `${d.zh}.pdf`]));

describe('rule: acceptance materials (Art. 20)', () => {
  it('Art. 20: when all six documents are attached, then the application is complete', () => {
    expect(acceptanceMaterials(ALL_DOCUMENTS).verdict).to.include({ ok: true, article: 20 });
  });
  for (const document of ACCEPTANCE_DOCUMENTS) {
    it(`Art. 20: when the ${document.en} is missing, then the application is returned naming it`, () => {
      const check = acceptanceMaterials({ ...ALL_DOCUMENTS, [document.key]: '' });
      expect(check.verdict).to.include({ ok: false, article: 20 });
      expect(check.missing).to.deep.equal([document.key]);
      expect(check.verdict.reason.zh).to.contain(document.zh);
    });
  }
});
