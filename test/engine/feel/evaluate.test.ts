import { expect } from 'chai';
import { evaluate, evaluateAttribute, isExpression } from '../../../src/engine/feel/expression';

type Row = [expression: string, variables: Record<string, unknown>, expected: unknown];

describe('FEEL evaluate', () => {
  describe('when the expression evaluates, then the result is a plain JSON value', () => {
    const rows: Row[] = [
      ['2 * (3 + 5)', {}, 16],
      ['x > 1', { x: 2 }, true],
      ['"a" + "b"', {}, 'ab'],
      ['[1, 2, 3][item > 1]', {}, [2, 3]],
      ['{total: amount * 2, currency: "CNY"}', { amount: 50 }, { total: 100, currency: 'CNY' }],
      ['order.lines[1].price', { order: { lines: [{ price: 7 }] } }, 7],
      ['for i in 1..3 return i * i', {}, [1, 4, 9]],
      ['if approved then "yes" else "no"', { approved: false }, 'no'],
      ['order total > 100', { 'order total': 150 }, true],
      ['a - b', { 'a-b': 5 }, 5],
      ['1 / 0', {}, null],
      ['null', {}, null],
    ];
    for (const [expression, variables, expected] of rows) {
      it(`'${expression}' with ${JSON.stringify(variables)} gives ${JSON.stringify(expected)}`, () => {
        expect(evaluate(expression, variables)).to.deep.equal({ ok: true, value: expected });
      });
    }
  });

  describe('when part of the expression cannot be evaluated, then that part is null, as in Zeebe 8.3', () => {
    const rows: Row[] = [
      ['x > 1', {}, null],
      ['x', {}, null],
      ['x.y', { x: { a: 1 } }, null],
      ['foo(1)', {}, null],
      ['x = null', {}, true],
      ['"a" + 1', {}, null],
      ['{a: x, b: 1}', {}, { a: null, b: 1 }],
    ];
    for (const [expression, variables, expected] of rows) {
      it(`'${expression}' with ${JSON.stringify(variables)} gives ${JSON.stringify(expected)}`, () => {
        expect(evaluate(expression, variables)).to.deep.equal({ ok: true, value: expected });
      });
    }
  });

  describe('when the evaluation fails, then the result is a failure in Zeebe words', () => {
    const rows: Row[] = [
      ['x >', {}, "failed to parse expression 'x >': Expected the expression to continue at position 4, but it ended"],
      ['1 2', {}, "failed to parse expression '1 2': Expected a valid expression, but found '2' at position 3"],
      ['assert(x, x != null)', {}, "Assertion failure on evaluate the expression 'assert(x, x != null)': The condition is not fulfilled"],
      ['assert(x, x >= 0, "x must not be negative")', { x: -1 }, "Assertion failure on evaluate the expression 'assert(x, x >= 0, \"x must not be negative\")': x must not be negative"],
      ['function(a) a', {}, "Expected result of the expression 'function(a) a' to be a value that can be stored as a variable, but was a function."],
      ['[1..3]', {}, "Expected result of the expression '[1..3]' to be a value that can be stored as a variable, but was a range."],
    ];
    for (const [expression, variables, message] of rows) {
      it(`'${expression}' fails with "${message}"`, () => {
        expect(evaluate(expression, variables)).to.deep.equal({ ok: false, message });
      });
    }
  });

  it('when a context holds a function next to values, then the function is stored as null, as Zeebe does', () => {
    expect(evaluate('{double: function(x) x * 2, result: double(4)}', {})).to.deep.equal({
      ok: true,
      value: { double: null, result: 8 },
    });
  });

  it('when many variables are given, then only their values matter, not their number', () => {
    const variables: Record<string, unknown> = { amount: 1200 };
    for (let i = 0; i < 200; i++) variables[`unrelated${i}`] = { nested: [i] };
    expect(evaluate('amount > 1000 and unrelated7.nested[1] = 7', variables)).to.deep.equal({ ok: true, value: true });
  });
});

describe('FEEL attributes', () => {
  const kinds: Array<[text: string, expected: boolean]> = [
    ['=x', true],
    ['= x + 1', true],
    ['x', false],
    ['', false],
    ['=', false],
    [' =x', false],
  ];
  for (const [text, expected] of kinds) {
    it(`when the attribute is ${JSON.stringify(text)}, then it is ${expected ? '' : 'not '}an expression`, () => {
      expect(isExpression(text)).to.equal(expected);
    });
  }

  const values: Row[] = [
    ['approve-contract', {}, 'approve-contract'],
    ['=type', { type: 'review' }, 'review'],
    ['="job-" + string(n)', { n: 3 }, 'job-3'],
    ['42', {}, '42'],
  ];
  for (const [text, variables, expected] of values) {
    it(`when the attribute is ${JSON.stringify(text)}, then its value is ${JSON.stringify(expected)}`, () => {
      expect(evaluateAttribute(text, variables)).to.deep.equal({ ok: true, value: expected });
    });
  }
});
