import { expect } from 'chai';
import { departmentFlag, scoreHint } from '../../src/rules/department-flag';

describe('Digital Guangxi flag (Art. 30)', () => {
  const table: Array<[string, boolean, number | null, boolean, RegExp]> = [
    ['marked as met and scored 85', true, 85, false, /judged that the unit carried out.*score is 85/],
    ['marked as met and not scored', true, null, false, /carried out the Digital Guangxi requirements$/],
    ['marked as not met and scored 90', false, 90, true, /Bureau marked.*score is 90.*no project next year/],
    ['marked as met but scored 59', true, 59, false, /carried out.*score 59 is below 60, for the Bureau's judgement/],
    ['marked as met and scored exactly 60', true, 60, false, /score is 60/],
    ['marked as not met and scored 40', false, 40, true, /Bureau marked.*score 40 is below 60/],
    ['marked as not met and not scored', false, null, true, /Bureau marked the unit as not carrying out the Digital Guangxi requirements, so/],
  ];
  for (const [situation, met, score, flagged, reason] of table) {
    it(`Art. 30: when a user unit is ${situation}, then it is ${flagged ? '' : 'not '}flagged and the reason says why`, () => {
      const verdict = departmentFlag({ departmentId: 'dept-a', digitalGuangxiMet: met, score });
      expect(verdict).to.include({ flagged, article: 30 });
      expect(verdict.reason.en).to.match(reason);
    });
  }

  it('Art. 30: when a flagged unit carries the Bureau\'s comment, then the Chinese reason quotes it and says no project next year', () => {
    const verdict = departmentFlag({ departmentId: 'dept-a', digitalGuangxiMet: false, bureauComment: '未接入数据共享交换平台' });
    expect(verdict.reason.zh).to.contain('未接入数据共享交换平台').and.contain('原则上不安排下一年度项目');
  });

  it('Art. 30: when the hint threshold is raised to 70, then a score of 65 is called low in the hint but still does not flag the unit', () => {
    expect(scoreHint(65, 70)!.zh).to.equal('双评估得分65，低于70分，供认定参考');
    expect(departmentFlag({ departmentId: 'dept-a', digitalGuangxiMet: true, score: 65 }, 70).flagged).to.equal(false);
  });

  it('Art. 30: when a unit was not scored, then there is no hint', () => {
    expect(scoreHint(null)).to.equal(null);
  });
});
