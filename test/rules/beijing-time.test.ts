import { expect } from 'chai';
import { beijingDate, beijingYear } from '../../src/rules/beijing-time';

describe('the Beijing calendar (Art. 9, Art. 21, Art. 25)', () => {
  const table: Array<[string, string, number]> = [
    ['2026-12-31T15:59:59Z', '2026-12-31', 2026],
    ['2026-12-31T16:00:00Z', '2027-01-01', 2027],
    ['2027-03-01T17:00:00Z', '2027-03-02', 2027],
    ['2027-06-01T01:00:00Z', '2027-06-01', 2027],
  ];
  for (const [instant, date, year] of table) {
    it(`Art. 21: when it is ${instant}, then the date in Beijing is ${date} and the year ${year}`, () => {
      expect(beijingDate(new Date(instant))).to.equal(date);
      expect(beijingYear(new Date(instant))).to.equal(year);
    });
  }
});
