import { expect } from 'chai';
import { securityDutyHolder, systemSecurityReviewer } from '../../src/rules/security-duty';

describe('security duty split (Art. 24)', () => {
  const areas: Array<[string, string]> = [
    ['shared-infrastructure', 'big-data-bureau'],
    ['system-and-data-use', 'user-unit'],
    ['build-and-operation', 'vendor'],
  ];
  for (const [area, party] of areas) {
    it(`Art. 24: when the area is ${area}, then ${party} answers for it`, () => {
      const verdict = securityDutyHolder(area);
      expect(verdict).to.include({ ok: true, article: 24, party });
      expect(verdict.reason.zh).to.match(/负责/);
    });
  }

  it('Art. 24: when the area is unknown, then no party is chosen and the reason names the area', () => {
    const verdict = securityDutyHolder('printer');
    expect(verdict.ok).to.equal(false);
    expect(verdict.party).to.equal(undefined);
    expect(verdict.reason.en).to.match(/Expected a security area .* but got 'printer'/);
  });

  const categories: Array<[string, string]> = [
    ['infrastructure', 'big-data-bureau'],
    ['application', 'user-unit'],
    ['information-resources', 'user-unit'],
    ['security', 'user-unit'],
  ];
  for (const [category, party] of categories) {
    it(`Art. 24: when a system of category ${category} is reviewed, then ${party} reviews its security management`, () => {
      expect(systemSecurityReviewer(category)).to.include({ ok: true, article: 24, party });
    });
  }
});
