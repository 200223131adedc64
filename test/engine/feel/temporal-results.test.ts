import { expect } from 'chai';
import { evaluate } from '../../../src/engine/feel/expression';

describe('FEEL temporal results', () => {
  describe('when the result is a date, time or duration, then it is the text Zeebe stores for it', () => {
    const rows: Array<[expression: string, expected: string]> = [
      ['date("2024-02-29")', '2024-02-29'],
      ['date and time("2024-03-01T10:31:10")', '2024-03-01T10:31:10'],
      ['date and time("2024-03-01T10:00:00")', '2024-03-01T10:00'],
      ['date and time("2024-03-01T10:00:00Z")', '2024-03-01T10:00Z'],
      ['date and time("2024-03-01T10:00:00.5+08:00")', '2024-03-01T10:00:00.500+08:00'],
      ['date and time("2024-03-01T10:00:00+00:00")', '2024-03-01T10:00Z'],
      ['date and time("2020-04-01T10:31:10@Europe/Berlin")', '2020-04-01T10:31:10+02:00[Europe/Berlin]'],
      ['date and time("2020-01-01T10:31:10@Europe/Berlin")', '2020-01-01T10:31:10+01:00[Europe/Berlin]'],
      ['time("10:00:00")', '10:00'],
      ['time("10:15:30.25")', '10:15:30.250'],
      ['time("10:00:00+01:00")', '10:00:00+01:00'],
      ['time("10:00:00Z")', '10:00:00Z'],
      ['time("10:00:00@Europe/Paris")', '10:00:00@Europe/Paris'],
      ['duration("P1DT2H")', 'PT26H'],
      ['duration("PT90M")', 'PT1H30M'],
      ['duration("-PT90M")', 'PT-1H-30M'],
      ['duration("PT0.5S")', 'PT0.5S'],
      ['duration("PT0S")', 'PT0S'],
      ['duration("P14M")', 'P1Y2M'],
      ['duration("P2Y")', 'P2Y'],
      ['duration("-P1Y2M")', 'P-1Y-2M'],
      ['duration("P0M")', 'P0D'],
      ['date("2024-01-31") + duration("P1M")', '2024-02-29'],
      ['date and time("2024-03-01T10:00:00Z") - date and time("2024-03-01T08:30:00Z")', 'PT1H30M'],
      ['[date("2024-01-01")]', '["2024-01-01"]'],
    ];
    for (const [expression, expected] of rows) {
      it(`'${expression}' gives ${expected}`, () => {
        const value = evaluate(expression, {});
        const text = expected.startsWith('[') ? JSON.parse(expected) : expected;
        expect(value).to.deep.equal({ ok: true, value: text });
      });
    }
  });

  describe("when the expression asks for now or today, then the engine's clock answers", () => {
    const clock = { now: () => Date.UTC(2024, 2, 31, 17, 30, 15, 120) };
    const rows: Array<[expression: string, timeZone: string, expected: unknown]> = [
      ['now()', 'UTC', '2024-03-31T17:30:15.120Z'],
      ['now()', 'Asia/Shanghai', '2024-04-01T01:30:15.120+08:00[Asia/Shanghai]'],
      ['today()', 'UTC', '2024-03-31'],
      ['today()', 'Asia/Shanghai', '2024-04-01'],
      ['now() > date and time("2024-01-01T00:00:00Z")', 'UTC', true],
      ['day of week(today())', 'UTC', 'Sunday'],
      ['for day in [today()] return month of year(day)', 'Asia/Shanghai', ['April']],
    ];
    for (const [expression, timeZone, expected] of rows) {
      it(`'${expression}' in ${timeZone} gives ${JSON.stringify(expected)}`, () => {
        expect(evaluate(expression, {}, { ...clock, timeZone })).to.deep.equal({ ok: true, value: expected });
      });
    }
  });
});
