import { FormSchema, parseForm } from '../../src/forms';

/** One form with every supported component type and every validate rule, as a form file would hold it. */
export const sampleFormJson = JSON.stringify({
  id: 'sample-review',
  type: 'default',
  schemaVersion: 16,
  components: [
    { type: 'text', text: '# 审核说明\n请核对以下内容。\n\n第二段' },
    { type: 'textfield', key: 'title', label: '项目名称', validate: { required: true, minLength: 2, maxLength: 10 } },
    { type: 'textfield', key: 'code', label: '项目编号', validate: { pattern: 'GX-[0-9]{4}' } },
    { type: 'textarea', key: 'comment', label: '意见', description: '请写明理由', validate: { maxLength: 200 } },
    { type: 'number', key: 'months', label: '建设周期(月)', validate: { required: true, min: 1, max: 36 } },
    { type: 'number', key: 'estimate', label: '概算(万元)', decimalDigits: 2 },
    { type: 'checkbox', key: 'confirmed', label: '已核对', validate: { required: true } },
    { type: 'checkbox', key: 'urgent', label: '加急' },
    {
      type: 'checklist',
      key: 'materials',
      label: '材料',
      validate: { required: true },
      values: [
        { label: '可行性研究报告', value: 'feasibility' },
        { label: '初步设计', value: 'design' },
        { label: '预算', value: 'budget' },
      ],
    },
    {
      type: 'select',
      key: 'category',
      label: '类别',
      values: [
        { label: '新建', value: 'new' },
        { label: '升级改造', value: 'upgrade' },
      ],
    },
    {
      type: 'radio',
      key: 'decision',
      label: '审核结论',
      validate: { required: true },
      values: [
        { label: '同意', value: 'approve' },
        { label: '退回', value: 'reject' },
      ],
    },
    { type: 'datetime', subtype: 'date', dateLabel: '开工日期', key: 'startDate' },
  ],
});

export function sampleForm(): FormSchema {
  return parseForm(sampleFormJson, 'sample-review.form');
}

/** A form with one component, for tests of a single field. */
export function formWith(component: Record<string, unknown>): FormSchema {
  return parseForm(JSON.stringify({ id: 'one', type: 'default', schemaVersion: 16, components: [component] }), 'one.form');
}
