import { expect } from 'chai';
import { PLAN_SECTIONS, checkPlanCompleteness, type PlanDraft } from '../../src/rules/plan-completeness';

const item = { name: '教育管理信息系统升级', category: 'application', kind: 'upgrade', fundingSource: 'regional', estimate: '1200000.00', priority: true, domesticProducts: ['database', 'quantum'] };
const empty = { name: null, category: null, kind: null, fundingSource: null, estimate: null, priority: null, domesticProducts: null };
const complete: PlanDraft = {
  fitsNationalPlanning: '符合', fitsDigitalGuangxi: '符合',
  ...Object.fromEntries(PLAN_SECTIONS.map((s) => [s.key, `${s.zh}的说明`])),
  items: [item, empty, empty],
};

describe('rule: plan completeness (Art. 7)', () => {
  const cases: Array<{ when: string; draft: PlanDraft | null; ok: boolean; missing: string[] }> = [
    { when: 'every section, both fit statements and a well-formed item are given', draft: complete, ok: true, missing: [] },
    { when: 'the goals and the budget sections are missing', draft: { ...complete, goals: undefined, budget: '' }, ok: false, missing: ['goals', 'budget'] },
    { when: 'a section holds only blanks', draft: { ...complete, securitySafeguards: '   ' }, ok: false, missing: ['securitySafeguards'] },
    { when: 'the statement of fit with national planning (7(1)) is missing', draft: { ...complete, fitsNationalPlanning: null }, ok: false, missing: ['fitsNationalPlanning'] },
    { when: 'the statement of fit with Digital Guangxi (7(2)) is missing', draft: { ...complete, fitsDigitalGuangxi: '' }, ok: false, missing: ['fitsDigitalGuangxi'] },
    { when: 'no item slot is filled', draft: { ...complete, items: [empty, empty] }, ok: false, missing: ['items'] },
    { when: 'an item has no estimate and an unknown category', draft: { ...complete, items: [{ ...item, estimate: '12.345', category: 'toys' }] }, ok: false, missing: ['items[1]'] },
    { when: 'nothing was submitted at all', draft: null, ok: false, missing: ['fitsNationalPlanning', 'fitsDigitalGuangxi', ...PLAN_SECTIONS.map((s) => s.key), 'items'] },
  ];
  for (const c of cases) {
    it(`Art. 7: when ${c.when}, then the plan ${c.ok ? 'is complete' : `goes back listing ${c.missing.join(', ')}`}`, () => {
      const verdict = checkPlanCompleteness(c.draft);
      expect(verdict.ok).to.equal(c.ok);
      expect(verdict.article).to.equal(7);
      expect(verdict.missing.map((m) => m.key)).to.deep.equal(c.missing);
      for (const m of verdict.missing) expect(verdict.reason.zh).to.contain(m.zh);
    });
  }

  it('Art. 7(3): when the eight sections are listed, then they are those of the regulation', () => {
    expect(PLAN_SECTIONS.map((s) => s.zh)).to.deep.equal(['建设必要性', '建设目标', '建设内容和规模', '功能应用', '数据资源', '安全保障', '运维服务', '经费预算']);
  });

  it('Art. 7, 25: when the plan is complete, then its items are normalised and only known domestic products are kept', () => {
    expect(checkPlanCompleteness(complete).items).to.deep.equal([{ ...item, domesticProducts: ['database'] }]);
    expect(checkPlanCompleteness({ ...complete, items: [{ ...item, estimate: '800000' }] }).items[0].estimate).to.equal('800000.00');
  });
});
