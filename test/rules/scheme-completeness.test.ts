import { expect } from 'chai';
import { SCHEME_SECTIONS, schemeCompleteness } from '../../src/rules/scheme-completeness';

export const COMPLETE_SCHEME = {
  constructionContent: '建设统一身份认证平台',
  functionalApplications: '单点登录、权限管理',
  dataResources: '教职工与学生基础库',
  technicalArchitecture: '政务云微服务架构',
  standards: '自治区政务信息化标准',
  constructionPeriod: '12个月',
  implementationPath: '分两期实施',
  serviceGuarantees: '7×24小时运维',
  trainingPlan: '管理员与用户培训各两次',
  investmentEstimate: '3000000.00',
};

describe('rule: scheme completeness (Art. 13)', () => {
  it('Art. 13: when all ten sections are filled, then the scheme is complete', () => {
    const check = schemeCompleteness(COMPLETE_SCHEME);
    expect(check.verdict).to.include({ ok: true, article: 13 });
    expect(check.missing).to.deep.equal([]);
  });

  for (const section of SCHEME_SECTIONS) {
    it(`Art. 13: when ${section.en} is missing, then the scheme is incomplete and names it`, () => {
      const check = schemeCompleteness({ ...COMPLETE_SCHEME, [section.key]: section.key === 'investmentEstimate' ? '0.00' : '  ' });
      expect(check.verdict).to.include({ ok: false, article: 13 });
      expect(check.missing).to.deep.equal([section.key]);
      expect(check.verdict.reason.zh).to.contain(section.zh);
    });
  }

  const estimates: Array<{ estimate: unknown; filled: boolean }> = [
    { estimate: '12345678.91', filled: true },
    { estimate: '0.01', filled: true },
    { estimate: '0', filled: false },
    { estimate: '0.00', filled: false },
    { estimate: '1.234', filled: false },
    { estimate: '三百万', filled: false },
    { estimate: 3_000_000, filled: false },
    { estimate: 0.1 + 0.2, filled: false },
  ];
  for (const c of estimates) {
    it(`Art. 13: when the investment estimate is ${typeof c.estimate === 'number' ? `the number ${c.estimate}` : JSON.stringify(c.estimate)}, then it ${c.filled ? 'counts as filled' : 'is missing'}`, () => {
      expect(schemeCompleteness({ ...COMPLETE_SCHEME, investmentEstimate: c.estimate }).missing).to.deep.equal(c.filled ? [] : ['investmentEstimate']);
    });
  }

  it('Art. 13: when the scheme is empty, then all ten sections are listed as missing', () => {
    expect(schemeCompleteness({}).missing).to.have.length(10);
  });
});
