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
  investmentEstimate: 3_000_000,
};

describe('rule: scheme completeness (Art. 13)', () => {
  it('Art. 13: when all ten sections are filled, then the scheme is complete', () => {
    const check = schemeCompleteness(COMPLETE_SCHEME);
    expect(check.verdict).to.include({ ok: true, article: 13 });
    expect(check.missing).to.deep.equal([]);
  });

  for (const section of SCHEME_SECTIONS) {
    it(`Art. 13: when ${section.en} is missing, then the scheme is incomplete and names it`, () => {
      const check = schemeCompleteness({ ...COMPLETE_SCHEME, [section.key]: section.key === 'investmentEstimate' ? 0 : '  ' });
      expect(check.verdict).to.include({ ok: false, article: 13 });
      expect(check.missing).to.deep.equal([section.key]);
      expect(check.verdict.reason.zh).to.contain(section.zh);
    });
  }

  it('Art. 13: when the scheme is empty, then all ten sections are listed as missing', () => {
    expect(schemeCompleteness({}).missing).to.have.length(10);
  });
});
