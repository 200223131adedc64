import { expect } from 'chai';
import { evaluate } from '../../../src/engine/feel/expression';

type Row = [expression: string, variables: Record<string, unknown>, expected: unknown];

/** The Camunda 8.3 functions that feelin lacks, or knows with fewer signatures. */
describe('FEEL Camunda functions', () => {
  const rows: Row[] = [
    ['is defined(1)', {}, true],
    ['is defined(null)', {}, false],
    ['is defined(x)', {}, false],
    ['is defined(x.y)', { x: { z: 1 } }, false],
    ['is defined(x.y)', { x: { y: 0 } }, true],
    ['get or else("this", "default")', {}, 'this'],
    ['get or else(null, "default")', {}, 'default'],
    ['get or else(x, "default")', {}, 'default'],
    ['get or else(null, null)', {}, null],
    ['get or else(value: x, default: 3)', {}, 3],
    ['assert(x, x > 0)', { x: 4 }, 4],
    ['string join(["a", "b", "c"], ", ", "[", "]")', {}, '[a, b, c]'],
    ['string join(["a", null, "c"], "-", "<", ">")', {}, '<a-c>'],
    ['string join(["a", 1], ", ", "[", "]")', {}, null],
    ['string join(["a", "b", "c"])', {}, 'abc'],
    ['string join(["a", "b"], ", ")', {}, 'a, b'],
    ['string join(list: ["a"], delimiter: "+", prefix: "(", suffix: ")")', {}, '(a)'],
    ['extract("references are 1234, 1256, 1378", "12[0-9]*")', {}, ['1234', '1256']],
    ['extract("no digits", "[0-9]+")', {}, []],
    ['extract("a-b", "\\-")', {}, ['-']],
    ['duplicate values([1, 2, 3, 2, 1])', {}, [1, 2]],
    ['duplicate values(["a", "b"])', {}, []],
    ['duplicate values([{a: 1}, {a: 1}, [2], [2]])', {}, [{ a: 1 }, [2]]],
    ['last day of month(date("2022-10-01"))', {}, '2022-10-31'],
    ['last day of month(date("2024-02-10"))', {}, '2024-02-29'],
    ['last day of month(date and time("2022-10-16T12:00:00"))', {}, '2022-10-31'],
    ['last day of month("2022-10-01")', {}, null],
    ['get value({x: 1, y: {z: 0}}, ["y", "z"])', {}, 0],
    ['get value({x: {y: {z: 0}}}, ["x", "y"])', {}, { z: 0 }],
    ['get value({a: {b: 3}}, ["b"])', {}, null],
    ['get value({a: 1}, [])', {}, null],
    ['get value({foo: 123}, "foo")', {}, 123],
    ['put({x: 1}, "y", 2)', {}, { x: 1, y: 2 }],
    ['put all({x: 1}, {y: 2})', {}, { x: 1, y: 2 }],
    ['put all([{x: 1, y: 0}, {y: 2}])', {}, { x: 1, y: 2 }],
    ['random number() >= 0 and random number() < 1', {}, true],
    ['for x in [1, null] return get or else(x, 0)', {}, [1, 0]],
  ];
  for (const [expression, variables, expected] of rows) {
    it(`when evaluating '${expression}', then the result is ${JSON.stringify(expected)}`, () => {
      expect(evaluate(expression, variables)).to.deep.equal({ ok: true, value: expected });
    });
  }

  describe('feelin already knows these Camunda-documented functions', () => {
    const builtins: Row[] = [
      ['context put({x: 1, y: {z: 0}}, ["y", "z"], 2)', {}, { x: 1, y: { z: 2 } }],
      ['context merge([{x: 1}, {y: 2}])', {}, { x: 1, y: 2 }],
      ['get entries({foo: 123})', {}, [{ key: 'foo', value: 123 }]],
      ['day of week(date("2019-09-17"))', {}, 'Tuesday'],
      ['month of year(date("2019-09-17"))', {}, 'September'],
      ['week of year(date("2019-09-17"))', {}, 38],
      ['years and months duration(date("2011-12-22"), date("2013-08-24"))', {}, 'P1Y8M'],
      ['abs(duration("-PT5H"))', {}, 'PT5H'],
      ['round half up(-1.126, 2)', {}, -1.13],
      ['decimal(1/3, 2)', {}, 0.33],
      ['sort([3, 1, 2], function(x, y) x < y)', {}, [1, 2, 3]],
      ['matches("FooBar", "foo", "i")', {}, true],
      ['replace("0123456789", "(\\d{3})(\\d{3})(\\d{4})", "($1) $2-$3")', {}, '(012) 345-6789'],
      ['split("a;b;c;;", ";")', {}, ['a', 'b', 'c', '', '']],
      ['index of([1, 2, 3, 2], 2)', {}, [2, 4]],
      ['distinct values([1, 2, 3, 2, 1])', {}, [1, 2, 3]],
      ['median(8, 2, 5, 3, 4)', {}, 4],
      ['time(14, 30, 0, duration("PT1H"))', {}, '14:30:00+01:00'],
    ];
    for (const [expression, variables, expected] of builtins) {
      it(`when evaluating '${expression}', then the result is ${JSON.stringify(expected)}`, () => {
        expect(evaluate(expression, variables)).to.deep.equal({ ok: true, value: expected });
      });
    }
  });
});
