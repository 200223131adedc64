import { expect } from 'chai';
import { decideFlaggedDepartment, type FlagDecision } from '../../src/rules/flag-override';

describe('rule: a flagged department needs an override reason (Art. 30)', () => {
  const cases: Array<{ when: string; input: FlagDecision; included: boolean; reasonContains: string }> = [
    { when: 'the department is not flagged', input: { flagged: false }, included: true, reasonContains: '未被标记' },
    { when: 'the Bureau overrides the flag with a reason', input: { flagged: true, flagReason: '未接入共享平台', decision: 'override', overrideReason: '党委重大部署' }, included: true, reasonContains: '党委重大部署' },
    { when: 'the Bureau overrides the flag with an empty reason', input: { flagged: true, flagReason: '未接入共享平台', decision: 'override', overrideReason: '  ' }, included: false, reasonContains: '未接入共享平台' },
    { when: 'the Bureau overrides the flag without any reason', input: { flagged: true, flagReason: '未接入共享平台', decision: 'override' }, included: false, reasonContains: '无例外纳入理由' },
    { when: 'the Bureau decides to leave the department out, even with a text', input: { flagged: true, flagReason: '未接入共享平台', decision: 'exclude', overrideReason: '备注' }, included: false, reasonContains: '未接入共享平台' },
    { when: 'the flag has no recorded reason and there is no override', input: { flagged: true, decision: 'exclude' }, included: false, reasonContains: '未落实数字广西建设要求' },
  ];
  for (const c of cases) {
    it(`Art. 30: when ${c.when}, then its items are ${c.included ? 'in' : 'left out of'} the plan`, () => {
      const verdict = decideFlaggedDepartment(c.input);
      expect(verdict.ok).to.equal(c.included);
      expect(verdict.article).to.equal(30);
      expect(verdict.reason.zh).to.contain(c.reasonContains);
      expect(verdict.reason.en).to.be.a('string').and.not.empty;
    });
  }
});
