import { expect } from 'chai';
import { fenOf, isYuan, normalYuan, toYuan } from '../../src/rules/money';

describe('money: yuan strings and integer fen (Art. 11 amounts)', () => {
  const cases: Array<[unknown, bigint | null]> = [
    ['1200000.00', 120000000n], ['0.1', 10n], ['0.10', 10n], ['7', 700n], [' 12.5 ', 1250n],
    ['12345678.91', 1234567891n], ['99999999999999.99', 9999999999999999n],
    ['1.234', null], ['-5', null], ['1e3', null], ['', null], [null, null], ['123456789012345', null],
    // Numbers are refused even when whole: an amount that went through floating point may have lost its fen.
    [300, null], [1.5, null], [0.1 + 0.2, null], [12345678.91, null],
  ];
  for (const [input, fen] of cases) {
    it(`Art. 11: when the amount is ${typeof input === 'number' ? `the number ${input}` : JSON.stringify(input)}, then it is ${fen === null ? 'refused' : `${fen} fen`}`, () => {
      expect(isYuan(input)).to.equal(fen !== null);
      if (fen === null) expect(() => fenOf(input)).to.throw(/Expected an amount in yuan/);
      else expect(fenOf(input)).to.equal(fen);
    });
  }
  it('Art. 11: when fen are written back, then they are a decimal string with two places', () => {
    expect([toYuan(0n), toYuan(5n), toYuan(120000000n), toYuan(-150n)]).to.deep.equal(['0.00', '0.05', '1200000.00', '-1.50']);
  });
  it('Art. 11: when amounts are summed in fen, then 0.1 + 0.2 is exactly 0.30 and 12345678.91 keeps its fen', () => {
    expect(toYuan(fenOf('0.1') + fenOf('0.2'))).to.equal('0.30');
    expect(toYuan(fenOf('12345678.91') + fenOf('0.09'))).to.equal('12345679.00');
  });
  it('Art. 11: when an amount is normalised, then it is the two-place string, or null when it is none', () => {
    expect([normalYuan('7'), normalYuan(' 12345678.9 '), normalYuan(7), normalYuan('7.001'), normalYuan(null)]).to.deep.equal(['7.00', '12345678.90', null, null, null]);
  });
});
