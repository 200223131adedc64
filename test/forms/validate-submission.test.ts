import { expect } from 'chai';
import { validateSubmission } from '../../src/forms';
import { formWith, sampleForm } from './sample-form';

const form = sampleForm();

/** A complete, valid submission in each of the two shapes the task list receives. */
const validHtmlPost: Record<string, unknown> = {
  title: '项目甲',
  months: '12',
  confirmed: 'on',
  materials: 'design',
  decision: 'approve',
};
const validJsonBody: Record<string, unknown> = {
  title: '项目甲',
  months: 12,
  confirmed: true,
  materials: ['design'],
  decision: 'approve',
};

interface Row {
  when: string;
  key: string;
  raw: unknown;
  value: unknown;
  error?: string;
}

function check(base: Record<string, unknown>, { key, raw, value, error }: Row): void {
  const input = { ...base };
  if (raw === undefined) delete input[key];
  else input[key] = raw;
  const result = validateSubmission(form, input);
  expect(result.values[key], 'value').to.deep.equal(value);
  expect(result.errors[key], 'error').to.equal(error);
  // One field at a time: the rest of the submission stays valid.
  expect(Object.keys(result.errors), 'fields with errors').to.deep.equal(error ? [key] : []);
}

describe('forms: validateSubmission', () => {
  it('when a valid HTML post and the same JSON body are checked, then both give the same typed values', () => {
    const fromHtml = validateSubmission(form, validHtmlPost);
    const fromJson = validateSubmission(form, validJsonBody);
    expect(fromHtml.errors).to.deep.equal({});
    expect(fromJson).to.deep.equal(fromHtml);
    expect(fromHtml.values).to.deep.equal({
      title: '项目甲',
      code: null,
      comment: null,
      months: 12,
      estimate: null,
      confirmed: true,
      urgent: false,
      materials: ['design'],
      category: null,
      decision: 'approve',
      startDate: null,
    });
  });

  it('when the input carries unknown keys and a key of the static text, then they are dropped', () => {
    const result = validateSubmission(form, { ...validJsonBody, isAdmin: true, assignee: 'someone', __proto__x: 1 });
    expect(result.errors).to.deep.equal({});
    expect(result.values).to.not.have.any.keys('isAdmin', 'assignee', '__proto__x');
  });

  it('when a static text component has an id used as an input key, then its value is ignored', () => {
    const withText = formWith({ type: 'text', id: 'notice', text: '说明' });
    expect(validateSubmission(withText, { notice: 'x', text: 'y' })).to.deep.equal({ values: {}, errors: {} });
  });

  it('when a field is readonly or disabled, then a submitted value for it is ignored', () => {
    const readonly = formWith({ type: 'number', key: 'approvedAmount', label: '批复金额', readonly: true });
    const disabled = formWith({ type: 'textfield', key: 'owner', label: '负责人', disabled: true });
    expect(validateSubmission(readonly, { approvedAmount: '999' })).to.deep.equal({ values: {}, errors: {} });
    expect(validateSubmission(disabled, { owner: 'me' })).to.deep.equal({ values: {}, errors: {} });
  });

  const htmlPostRows: Row[] = [
    { when: 'a required textfield is absent', key: 'title', raw: undefined, value: null, error: '必填 / Required' },
    { when: 'a required textfield is blank', key: 'title', raw: '   ', value: null, error: '必填 / Required' },
    { when: 'a textfield is shorter than minLength', key: 'title', raw: '甲', value: '甲', error: '至少 2 个字符 / Must be at least 2 characters' },
    { when: 'a textfield is exactly maxLength Chinese characters', key: 'title', raw: '一二三四五六七八九十', value: '一二三四五六七八九十' },
    { when: 'a textfield is longer than maxLength', key: 'title', raw: '一二三四五六七八九十一', value: '一二三四五六七八九十一', error: '最多 10 个字符 / Must be at most 10 characters' },
    { when: 'a textfield matches its pattern', key: 'code', raw: 'GX-2027', value: 'GX-2027' },
    { when: 'a textfield matches its pattern only in part', key: 'code', raw: 'xGX-2027x', value: 'xGX-2027x', error: '格式不正确 / Does not match the required format' },
    { when: 'an optional textfield with a pattern is empty', key: 'code', raw: '', value: null },
    { when: 'a textarea is longer than maxLength', key: 'comment', raw: '长'.repeat(201), value: '长'.repeat(201), error: '最多 200 个字符 / Must be at most 200 characters' },
    { when: 'a textarea keeps its line breaks', key: 'comment', raw: '第一行\n第二行', value: '第一行\n第二行' },
    { when: 'a number is a numeric string', key: 'months', raw: ' 36 ', value: 36 },
    { when: 'a number is a decimal string', key: 'estimate', raw: '1234.56', value: 1234.56 },
    { when: 'a number is not numeric', key: 'months', raw: '12个月', value: '12个月', error: '必须是数字 / Must be a number' },
    { when: 'a number is below min', key: 'months', raw: '0', value: 0, error: '不能小于 1 / Must be at least 1' },
    { when: 'a number is above max', key: 'months', raw: '37', value: 37, error: '不能大于 36 / Must be at most 36' },
    { when: 'a number is at min', key: 'months', raw: '1', value: 1 },
    { when: 'a required number is empty', key: 'months', raw: '', value: null, error: '必填 / Required' },
    { when: 'a number overflows', key: 'months', raw: '1e400', value: '1e400', error: '必须是数字 / Must be a number' },
    { when: 'a checkbox is ticked ("on")', key: 'urgent', raw: 'on', value: true },
    { when: 'a checkbox is absent', key: 'urgent', raw: undefined, value: false },
    { when: 'a required checkbox is absent', key: 'confirmed', raw: undefined, value: false, error: '必填 / Required' },
    { when: 'a checkbox has an unknown value', key: 'urgent', raw: 'maybe', value: 'maybe', error: '必须是“是”或“否” / Must be yes or no' },
    { when: 'a checklist has one box ticked (a lone string)', key: 'materials', raw: 'budget', value: ['budget'] },
    { when: 'a checklist has several boxes ticked (repeated name)', key: 'materials', raw: ['feasibility', 'budget'], value: ['feasibility', 'budget'] },
    { when: 'a checklist repeats a value', key: 'materials', raw: ['budget', 'budget'], value: ['budget'] },
    { when: 'a required checklist has no box ticked', key: 'materials', raw: undefined, value: [], error: '必填 / Required' },
    { when: 'a checklist has a value not among the options', key: 'materials', raw: ['budget', 'bribe'], value: ['budget', 'bribe'], error: '包含不可选的选项 / Contains a value that is not one of the options' },
    { when: 'a select has an allowed value', key: 'category', raw: 'upgrade', value: 'upgrade' },
    { when: 'a select has a value not among the options', key: 'category', raw: 'demolish', value: 'demolish', error: '不是可选的选项 / Is not one of the options' },
    { when: 'a select is left on its placeholder', key: 'category', raw: '', value: null },
    { when: 'a select is posted twice', key: 'category', raw: ['new', 'upgrade'], value: ['new', 'upgrade'], error: '不是可选的选项 / Is not one of the options' },
    { when: 'a radio matches an option label, not a value', key: 'decision', raw: '同意', value: '同意', error: '不是可选的选项 / Is not one of the options' },
    { when: 'a required radio is absent', key: 'decision', raw: undefined, value: null, error: '必填 / Required' },
    { when: 'a date is YYYY-MM-DD', key: 'startDate', raw: '2027-02-28', value: '2027-02-28' },
    { when: 'a date is a leap day', key: 'startDate', raw: '2028-02-29', value: '2028-02-29' },
    { when: 'a date does not exist', key: 'startDate', raw: '2027-02-29', value: '2027-02-29', error: '必须是有效日期(YYYY-MM-DD) / Must be a valid date (YYYY-MM-DD)' },
    { when: 'a date is in another format', key: 'startDate', raw: '2027/03/01', value: '2027/03/01', error: '必须是有效日期(YYYY-MM-DD) / Must be a valid date (YYYY-MM-DD)' },
  ];
  describe('given an HTML form post (every value a string)', () => {
    for (const row of htmlPostRows) {
      it(`when ${row.when}, then ${row.error ? `"${row.error}"` : `the value ${JSON.stringify(row.value)}`}`, () => check(validHtmlPost, row));
    }
  });

  const jsonBodyRows: Row[] = [
    { when: 'a number is a real number', key: 'months', raw: 24, value: 24 },
    { when: 'a number is a real decimal', key: 'estimate', raw: 99.5, value: 99.5 },
    { when: 'a number is below min', key: 'months', raw: -3, value: -3, error: '不能小于 1 / Must be at least 1' },
    { when: 'a number is above max', key: 'months', raw: 36.5, value: 36.5, error: '不能大于 36 / Must be at most 36' },
    { when: 'a number is a boolean', key: 'months', raw: true, value: true, error: '必须是数字 / Must be a number' },
    { when: 'a number is null', key: 'months', raw: null, value: null, error: '必填 / Required' },
    { when: 'a checkbox is true', key: 'urgent', raw: true, value: true },
    { when: 'a checkbox is false', key: 'urgent', raw: false, value: false },
    { when: 'a required checkbox is false', key: 'confirmed', raw: false, value: false, error: '必填 / Required' },
    { when: 'a checkbox is a number', key: 'urgent', raw: 1, value: 1, error: '必须是“是”或“否” / Must be yes or no' },
    { when: 'a checklist is an array', key: 'materials', raw: ['design', 'budget'], value: ['design', 'budget'] },
    { when: 'a checklist is an empty array and required', key: 'materials', raw: [], value: [], error: '必填 / Required' },
    { when: 'a checklist holds a number', key: 'materials', raw: ['design', 3], value: ['design', 3], error: '必须是选项列表 / Must be a list of options' },
    { when: 'a checklist is an object', key: 'materials', raw: { design: true }, value: { design: true }, error: '必须是选项列表 / Must be a list of options' },
    { when: 'a textfield is a number', key: 'title', raw: 42, value: 42, error: '必须是文本 / Must be text' },
    { when: 'a radio is a boolean', key: 'decision', raw: true, value: true, error: '不是可选的选项 / Is not one of the options' },
    { when: 'a radio has an allowed value', key: 'decision', raw: 'reject', value: 'reject' },
    { when: 'a date is a full timestamp', key: 'startDate', raw: '2027-03-01T00:00:00Z', value: '2027-03-01T00:00:00Z', error: '必须是有效日期(YYYY-MM-DD) / Must be a valid date (YYYY-MM-DD)' },
    { when: 'a date is a number', key: 'startDate', raw: 20270301, value: 20270301, error: '必须是有效日期(YYYY-MM-DD) / Must be a valid date (YYYY-MM-DD)' },
  ];
  describe('given a JSON body (real numbers, booleans and arrays)', () => {
    for (const row of jsonBodyRows) {
      it(`when ${row.when}, then ${row.error ? `"${row.error}"` : `the value ${JSON.stringify(row.value)}`}`, () => check(validJsonBody, row));
    }
  });

  it('when several fields are wrong, then each has its own error', () => {
    const result = validateSubmission(form, { months: '99', decision: 'maybe' });
    expect(result.errors).to.deep.equal({
      title: '必填 / Required',
      months: '不能大于 36 / Must be at most 36',
      confirmed: '必填 / Required',
      materials: '必填 / Required',
      decision: '不是可选的选项 / Is not one of the options',
    });
  });

  it('when a number field has no validate at all, then any number passes and empty gives null', () => {
    const free = formWith({ type: 'number', key: 'n', label: '数' });
    expect(validateSubmission(free, { n: '-1e6' })).to.deep.equal({ values: { n: -1e6 }, errors: {} });
    expect(validateSubmission(free, {})).to.deep.equal({ values: { n: null }, errors: {} });
  });
});
