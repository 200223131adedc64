import { expect } from 'chai';
import { checkSyntax } from '../../../src/engine/feel/expression';

describe('FEEL syntax check at deploy time', () => {
  const valid = [
    'x > 1',
    'order total > 100',
    'get or else(x, 1) > 2',
    'is defined(applicant.email)',
    'string join(names, ", ", "[", "]")',
    'for item in items return item.price * item.quantity',
    'some x in [1, 2] satisfies x > 1',
    '{a: 1, "b c": [1, 2]}',
    'date and time("2024-01-01T00:00:00Z") + duration("P1D")',
    'if a then b else c',
  ];
  for (const expression of valid) {
    it(`when the expression is '${expression}', then it is valid`, () => {
      expect(checkSyntax(expression)).to.equal(null);
    });
  }

  const invalid: Array<[expression: string, message: string]> = [
    ['x >', "failed to parse expression 'x >': Expected the expression to continue at position 4, but it ended"],
    ['', "failed to parse expression '': Expected the expression to continue at position 1, but it ended"],
    ['if a then b', "failed to parse expression 'if a then b': Expected the expression to continue at position 12, but it ended"],
    ['{a: }', "failed to parse expression '{a: }': Expected a valid expression, but found '}' at position 5"],
    ['then', "failed to parse expression 'then': Expected a valid expression, but found 'then' at position 1"],
    ['1 2', "failed to parse expression '1 2': Expected a valid expression, but found '2' at position 3"],
    ['foo(', "failed to parse expression 'foo(': Expected the expression to continue at position 5, but it ended"],
  ];
  for (const [expression, message] of invalid) {
    it(`when the expression is '${expression}', then it is rejected`, () => {
      expect(checkSyntax(expression)).to.equal(message);
    });
  }
});
