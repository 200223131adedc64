import { expect } from 'chai';
import type { StoredScore } from '../../src/evaluation/evaluation-store';
import { latestVendorScores, vendorScoreNotice } from '../../src/evaluation/vendor-score-notice';

const score = (subjectId: string, year: number, value: string, comment: string | null = null): StoredScore => ({ subjectId, year, score: value, comment });

describe('the vendors’ evaluation scores shown at procurement (Art. 32)', () => {
  const cases: Array<{ when: string; scores: StoredScore[]; then: string; notice: string }> = [
    { when: 'no vendor was ever evaluated', scores: [], then: 'the notice says there is no result', notice: '无实施单位评价结果（第三十二条）' },
    {
      when: 'a vendor was evaluated in two years',
      scores: [score('甲公司', 2025, '55.00', '响应迟缓'), score('甲公司', 2026, '82.50', '整改后响应及时')],
      then: 'only its latest year is shown, with the comment',
      notice: '甲公司：2026年 82.50 分（整改后响应及时）',
    },
    {
      when: 'several vendors were evaluated, newest rows first as the store returns them',
      scores: [score('乙公司', 2026, '58.00'), score('甲公司', 2026, '90.00'), score('乙公司', 2024, '95.00')],
      then: 'one line per vendor, in a stable order by name, each its latest score',
      notice: '乙公司：2026年 58.00 分\n甲公司：2026年 90.00 分',
    },
  ];
  for (const c of cases) {
    it(`Art. 32: when ${c.when}, then ${c.then}`, () => {
      expect(vendorScoreNotice(latestVendorScores(c.scores))).to.equal(c.notice);
    });
  }

  it('Art. 32: when a vendor’s rows come in any order, then its latest year wins and the list carries year, score and comment', () => {
    expect(latestVendorScores([score('甲公司', 2024, '70.00'), score('甲公司', 2026, '61.00', '一般'), score('甲公司', 2025, '99.00')])).to.deep.equal([
      { vendor: '甲公司', year: 2026, score: '61.00', comment: '一般' },
    ]);
  });
});
