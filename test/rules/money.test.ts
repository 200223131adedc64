import { expect } from 'chai';
import { fenOf, isYuan, toYuan } from '../../src/rules/money';

describe('money: yuan strings and integer fen (Art. 11 amounts)', () => {
  const cases: Array<[unknown, bigint | null]> = [
    ['1200000.00', 120000000n], ['0.1', 10n], ['0.10', 10n], ['7', 700n], [' 12.5 ', 1250n], [300, 30000n],
    ['1.234', null], ['-5', null], ['1e3', null], [1.5, null], ['', null], [null, null],
  ];
  for (const [input, fen] of cases) {
    it(`Art. 11: when the amount is ${JSON.stringify(input)}, then it is ${fen === null ? 'refused' : `${fen} fen`}`, () => {
      expect(isYuan(input)).to.equal(fen !== null);
      if (fen === null) expect(() => fenOf(input)).to.throw(/Expected an amount in yuan/);
      else expect(fenOf(input)).to.equal(fen);
    });
  }
  it('Art. 11: when fen are written back, then they are a decimal string with two places', () => {
    expect([toYuan(0n), toYuan(5n), toYuan(120000000n), toYuan(-150n)]).to.deep.equal(['0.00', '0.05', '1200000.00', '-1.50']);
  });
});
