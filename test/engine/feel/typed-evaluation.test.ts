import { expect } from 'chai';
import {
  evaluateBoolean,
  evaluateDateTime,
  evaluateString,
  evaluateStringList,
  type FeelResult,
} from '../../../src/engine/feel/expression';

type Row = [text: string, variables: Record<string, unknown>, expected: FeelResult];

const ok = (value: unknown): FeelResult => ({ ok: true, value });
const fails = (message: string): FeelResult => ({ ok: false, message });
const missing = (name: string) => ` The evaluation reported the following warnings:\n[NO_VARIABLE_FOUND] No variable found with name '${name}'`;

function table(evaluateText: (text: string, variables: Record<string, unknown>) => FeelResult, rows: Row[]) {
  for (const [text, variables, expected] of rows) {
    it(`when given ${JSON.stringify(text)} with ${JSON.stringify(variables)}, then ${JSON.stringify(expected)}`, () => {
      expect(evaluateText(text, variables)).to.deep.equal(expected);
    });
  }
}

describe('FEEL typed evaluation', () => {
  describe('evaluateBoolean (conditions)', () => {
    table(evaluateBoolean, [
      ['amount > 1000', { amount: 1200 }, ok(true)],
      ['amount > 1000', { amount: 10 }, ok(false)],
      ['=approved', { approved: true }, ok(true)],
      ['x > 1', {}, fails(`Expected result of the expression 'x > 1' to be 'BOOLEAN', but was 'NULL'.${missing('x')}`)],
      ['x', { x: 'yes' }, fails("Expected result of the expression 'x' to be 'BOOLEAN', but was 'STRING'.")],
      ['x', { x: [true] }, fails("Expected result of the expression 'x' to be 'BOOLEAN', but was 'ARRAY'.")],
      ['x.y', { x: { z: 1 } }, fails("Expected result of the expression 'x.y' to be 'BOOLEAN', but was 'NULL'. The evaluation reported the following warnings:\n[NO_CONTEXT_ENTRY_FOUND] No context entry found with key 'y'. Available keys: 'z'")],
      ['x.y', {}, fails(`Expected result of the expression 'x.y' to be 'BOOLEAN', but was 'NULL'.${missing('x')}\n[NO_CONTEXT_ENTRY_FOUND] No context entry found with key 'y'. The context is null`)],
      ['isValid(x)', { x: 1 }, fails("Expected result of the expression 'isValid(x)' to be 'BOOLEAN', but was 'NULL'. The evaluation reported the following warnings:\n[NO_FUNCTION_FOUND] No function found with name 'isValid'")],
      ['amount >', {}, fails("failed to parse expression 'amount >': Expected the expression to continue at position 9, but it ended")],
      ['assert(false, x)', { x: false }, fails("Assertion failure on evaluate the expression 'assert(false, x)': The condition is not fulfilled")],
    ]);
  });

  describe('evaluateString (static value or expression; numbers are not strings)', () => {
    table(evaluateString, [
      ['contract-review', {}, ok('contract-review')],
      ['=assignee', { assignee: 'li.wei' }, ok('li.wei')],
      ['="dept-" + dept', { dept: 'finance' }, ok('dept-finance')],
      ['=assignee', { assignee: 7 }, fails("Expected result of the expression 'assignee' to be 'STRING', but was 'NUMBER'.")],
      ['=assignee', {}, fails(`Expected result of the expression 'assignee' to be 'STRING', but was 'NULL'.${missing('assignee')}`)],
    ]);
  });

  describe('evaluateStringList (candidate groups and users)', () => {
    table(evaluateStringList, [
      ['finance, legal ,audit', {}, ok(['finance', 'legal', 'audit'])],
      ['finance', {}, ok(['finance'])],
      ['', {}, ok([])],
      ['=groups', { groups: ['finance', 'legal'] }, ok(['finance', 'legal'])],
      ['=group', { group: 'finance' }, ok(['finance'])],
      ['=[dept, "audit"]', { dept: 'finance' }, ok(['finance', 'audit'])],
      ['=groups', { groups: ['finance', 3] }, fails("Expected result of the expression 'groups' to be 'ARRAY' containing 'STRING' items, but was 'ARRAY' containing at least one non-'STRING' item.")],
      ['=groups', { groups: 3 }, fails("Expected result of the expression 'groups' to be 'ARRAY', but was 'NUMBER'.")],
      ['=groups', {}, fails(`Expected result of the expression 'groups' to be 'ARRAY', but was 'NULL'.${missing('groups')}`)],
    ]);
  });

  describe('evaluateDateTime (due and follow-up dates)', () => {
    const options = { now: () => Date.UTC(2024, 2, 1, 1, 30), timeZone: 'Asia/Shanghai' };
    table((text, variables) => evaluateDateTime(text, variables, options), [
      ['2023-10-01T12:00:00Z', {}, ok('2023-10-01T12:00Z')],
      ['2023-10-01T12:00:30+08:00', {}, ok('2023-10-01T12:00:30+08:00')],
      ['2023-10-01T12:00+02:00[Europe/Berlin]', {}, ok('2023-10-01T12:00+02:00[Europe/Berlin]')],
      ['', {}, ok(null)],
      ['2023-10-01T12:00:00', {}, fails("Invalid date-time format '2023-10-01T12:00:00' for expression '2023-10-01T12:00:00'.")],
      ['tomorrow', {}, fails("Invalid date-time format 'tomorrow' for expression 'tomorrow'.")],
      ['=due', { due: '2024-05-01T09:00:00+08:00' }, ok('2024-05-01T09:00+08:00')],
      ['=now() + duration("P3D")', {}, ok('2024-03-04T09:30+08:00[Asia/Shanghai]')],
      ['=date and time("2024-05-01T09:00:00Z")', {}, ok('2024-05-01T09:00Z')],
      ['=date and time("2024-05-01T09:00:00")', {}, ok('2024-05-01T09:00+08:00[Asia/Shanghai]')],
      ['=due', {}, ok(null)],
      ['=""', {}, ok(null)],
      ['=due', { due: 'soon' }, fails("Invalid date-time format 'soon' for expression 'due'.")],
      ['=date("2024-05-01")', {}, fails("Expected result of the expression 'date(\"2024-05-01\")' to be one of '[DATE_TIME, STRING]', but was 'DATE'")],
      ['=due', { due: 5 }, fails("Expected result of the expression 'due' to be one of '[DATE_TIME, STRING]', but was 'NUMBER'")],
    ]);
  });
});
