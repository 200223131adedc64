import { expect } from 'chai';
import { departmentFlag } from '../../src/rules/department-flag';

describe('Digital Guangxi flag (Art. 30)', () => {
  const table: Array<[string, boolean, number | null, boolean, RegExp]> = [
    ['marked as met and scored 85', true, 85, false, /carried out/],
    ['marked as met and not scored', true, null, false, /carried out/],
    ['marked as not met', false, 90, true, /Bureau marked/],
    ['marked as met but scored 59', true, 59, true, /score 59 is below 60/],
    ['marked as met and scored exactly 60', true, 60, false, /carried out/],
    ['marked as not met and scored 40', false, 40, true, /Bureau marked.*score 40/],
  ];
  for (const [situation, met, score, flagged, reason] of table) {
    it(`Art. 30: when a user unit is ${situation}, then it is ${flagged ? '' : 'not '}flagged`, () => {
      const verdict = departmentFlag({ departmentId: 'dept-a', digitalGuangxiMet: met, score });
      expect(verdict).to.include({ flagged, article: 30 });
      expect(verdict.reason.en).to.match(reason);
    });
  }

  it('Art. 30: when a flagged unit carries the Bureau\'s comment, then the Chinese reason quotes it and says no project next year', () => {
    const verdict = departmentFlag({ departmentId: 'dept-a', digitalGuangxiMet: false, bureauComment: '未接入数据共享交换平台' });
    expect(verdict.reason.zh).to.contain('未接入数据共享交换平台').and.contain('原则上不安排下一年度项目');
  });

  it('Art. 30: when the threshold is raised to 70, then a score of 65 is flagged', () => {
    expect(departmentFlag({ departmentId: 'dept-a', digitalGuangxiMet: true, score: 65 }, 70).flagged).to.equal(true);
  });
});
