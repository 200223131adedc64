import { expect } from 'chai';
import { renderForm, validateSubmission } from '../../src/forms';
import { attribute, innerOf, openingTag } from './html-probe';
import { formWith, sampleForm } from './sample-form';

const form = sampleForm();
const XSS = `<script>alert('x')</script>"`;
const XSS_ESCAPED = '&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;';

describe('forms: renderForm', () => {
  describe('given the sample form with no values and no errors', () => {
    const html = renderForm(form, {}, {});

    it('when rendered, then it holds fields only: no <form>, no submit button', () => {
      expect(html).to.not.match(/<form|type="submit"|<button/);
    });

    const labelled: { key: string; tag: string; type?: string }[] = [
      { key: 'title', tag: 'input', type: 'text' },
      { key: 'comment', tag: 'textarea' },
      { key: 'months', tag: 'input', type: 'number' },
      { key: 'confirmed', tag: 'input', type: 'checkbox' },
      { key: 'category', tag: 'select' },
      { key: 'startDate', tag: 'input', type: 'date' },
    ];
    for (const { key, tag, type } of labelled) {
      it(`when rendered, then ${key} is a <${tag}${type ? ` type="${type}"` : ''}> named ${key} with a <label for>`, () => {
        const field = openingTag(html, `field-${key}`);
        expect(field.startsWith(`<${tag} `)).to.equal(true);
        expect(attribute(field, 'type')).to.equal(type);
        expect(attribute(field, 'name')).to.equal(key);
        expect(html).to.include(`<label for="field-${key}">`);
      });
    }

    it('when the date field has only a dateLabel, then that is its label', () => {
      expect(html).to.match(/<label for="field-startDate">开工日期<\/label>/);
    });

    const htmlAttributes: { key: string; name: string; value: string | true | undefined }[] = [
      { key: 'title', name: 'required', value: true },
      { key: 'title', name: 'minlength', value: '2' },
      { key: 'title', name: 'maxlength', value: '10' },
      { key: 'code', name: 'pattern', value: 'GX-[0-9]{4}' },
      { key: 'code', name: 'required', value: undefined },
      { key: 'comment', name: 'maxlength', value: '200' },
      { key: 'months', name: 'min', value: '1' },
      { key: 'months', name: 'max', value: '36' },
      { key: 'months', name: 'step', value: 'any' },
      { key: 'estimate', name: 'step', value: '0.01' },
      { key: 'confirmed', name: 'required', value: true },
      { key: 'category', name: 'required', value: undefined },
      { key: 'decision-0', name: 'required', value: true },
      { key: 'materials-0', name: 'required', value: undefined },
    ];
    for (const { key, name, value } of htmlAttributes) {
      it(`when rendered, then field-${key} has ${name}=${JSON.stringify(value)} mirroring validate`, () => {
        expect(attribute(openingTag(html, `field-${key}`), name)).to.equal(value);
      });
    }

    it('when a field is required, then its label carries the required marker; otherwise not', () => {
      expect(html).to.match(/<label for="field-title">项目名称<abbr class="form-required"[^>]*>\*<\/abbr><\/label>/);
      expect(html).to.match(/<label for="field-code">项目编号<\/label>/);
    });

    it('when rendered, then the radio group is a fieldset with a legend and one labelled radio per option', () => {
      expect(openingTag(html, 'field-decision')).to.match(/^<fieldset /);
      expect(innerOf(html, 'field-decision')).to.match(/^<legend>审核结论<abbr/);
      for (const [index, value, label] of [[0, 'approve', '同意'], [1, 'reject', '退回']] as const) {
        const radio = openingTag(html, `field-decision-${index}`);
        expect(attribute(radio, 'type')).to.equal('radio');
        expect(attribute(radio, 'name')).to.equal('decision');
        expect(attribute(radio, 'value')).to.equal(value);
        expect(html).to.include(`<label for="field-decision-${index}">${label}</label>`);
      }
    });

    it('when rendered, then the checklist is checkboxes repeating the name materials', () => {
      const boxes = [0, 1, 2].map((index) => openingTag(html, `field-materials-${index}`));
      expect(boxes.map((box) => attribute(box, 'type'))).to.deep.equal(['checkbox', 'checkbox', 'checkbox']);
      expect(boxes.map((box) => attribute(box, 'name'))).to.deep.equal(['materials', 'materials', 'materials']);
      expect(boxes.map((box) => attribute(box, 'value'))).to.deep.equal(['feasibility', 'design', 'budget']);
    });

    it('when rendered, then the select starts on an empty placeholder and lists the options', () => {
      expect(innerOf(html, 'field-category')).to.equal(
        '<option value="" selected>请选择 / Select</option><option value="new">新建</option><option value="upgrade">升级改造</option>',
      );
    });

    it('when rendered, then static text is escaped paragraphs with line breaks', () => {
      expect(html).to.include('<div class="form-text"><p># 审核说明<br>请核对以下内容。</p><p>第二段</p></div>');
    });

    it('when a field has a description, then the input is described by it', () => {
      expect(attribute(openingTag(html, 'field-comment'), 'aria-describedby')).to.equal('field-comment-description');
      expect(innerOf(html, 'field-comment-description')).to.equal('请写明理由');
    });

    it('when there are no errors, then nothing is marked invalid', () => {
      expect(html).to.not.include('aria-invalid');
      expect(html).to.not.include('form-error');
    });
  });

  describe('given values to fill back in', () => {
    const values = {
      title: '项目甲',
      months: 12,
      estimate: '12.5',
      comment: '第一行\n第二行',
      confirmed: true,
      urgent: 'on',
      materials: ['feasibility', 'budget'],
      category: 'upgrade',
      decision: 'reject',
      startDate: '2027-03-01',
    };
    const html = renderForm(form, values, {});
    const fills: { when: string; id: string; name: string; value: string | true | undefined }[] = [
      { when: 'a textfield has a value', id: 'field-title', name: 'value', value: '项目甲' },
      { when: 'a number is a number', id: 'field-months', name: 'value', value: '12' },
      { when: 'a number is the string typed', id: 'field-estimate', name: 'value', value: '12.5' },
      { when: 'a checkbox is true', id: 'field-confirmed', name: 'checked', value: true },
      { when: 'a checkbox is "on"', id: 'field-urgent', name: 'checked', value: true },
      { when: 'a checklist value is chosen', id: 'field-materials-0', name: 'checked', value: true },
      { when: 'a checklist value is not chosen', id: 'field-materials-1', name: 'checked', value: undefined },
      { when: 'a checklist value is chosen last', id: 'field-materials-2', name: 'checked', value: true },
      { when: 'a radio value is chosen', id: 'field-decision-1', name: 'checked', value: true },
      { when: 'a radio value is not chosen', id: 'field-decision-0', name: 'checked', value: undefined },
      { when: 'a date has a value', id: 'field-startDate', name: 'value', value: '2027-03-01' },
    ];
    for (const { when, id, name, value } of fills) {
      it(`when ${when}, then ${id} has ${name}=${JSON.stringify(value)}`, () => {
        expect(attribute(openingTag(html, id), name)).to.equal(value);
      });
    }

    it('when a textarea has a value, then it is the textarea content', () => {
      expect(innerOf(html, 'field-comment')).to.equal('第一行\n第二行');
    });

    it('when a select has a value, then that option is selected and the placeholder is not', () => {
      expect(innerOf(html, 'field-category')).to.include('<option value="upgrade" selected>升级改造</option>');
      expect(innerOf(html, 'field-category')).to.include('<option value="">请选择 / Select</option>');
    });

    it('when a checklist got a lone string (one box in an HTML post), then that box is ticked', () => {
      const lone = renderForm(form, { materials: 'design' }, {});
      expect(attribute(openingTag(lone, 'field-materials-1'), 'checked')).to.equal(true);
    });

    it('when a value is missing, then the component defaultValue fills in; a null value does not', () => {
      const withDefault = formWith({ type: 'textfield', key: 'city', label: '城市', defaultValue: '南宁' });
      expect(attribute(openingTag(renderForm(withDefault, {}, {}), 'field-city'), 'value')).to.equal('南宁');
      expect(attribute(openingTag(renderForm(withDefault, { city: null }, {}), 'field-city'), 'value')).to.equal('');
    });

    it('when a field is readonly, then the input says so and a choice is disabled', () => {
      const readonly = formWith({ type: 'textfield', key: 'owner', label: '负责人', readonly: true });
      expect(attribute(openingTag(renderForm(readonly, { owner: 'chief-a' }, {}), 'field-owner'), 'readonly')).to.equal(true);
      const locked = formWith({ type: 'select', key: 'k', label: '类', readonly: true, values: [{ label: '甲', value: 'a' }] });
      expect(attribute(openingTag(renderForm(locked, {}, {}), 'field-k'), 'disabled')).to.equal(true);
    });
  });

  describe('given a rejected submission', () => {
    const result = validateSubmission(form, { title: '甲', months: '十二', decision: 'maybe', materials: 'design', confirmed: 'on' });
    const html = renderForm(form, result.values, result.errors);

    it('when a value could not be coerced, then what the clerk typed is shown again', () => {
      expect(attribute(openingTag(html, 'field-months'), 'value')).to.equal('十二');
      expect(attribute(openingTag(html, 'field-title'), 'value')).to.equal('甲');
    });

    const invalid: { key: string; input: string; error: string }[] = [
      { key: 'title', input: 'field-title', error: '至少 2 个字符 / Must be at least 2 characters' },
      { key: 'months', input: 'field-months', error: '必须是数字 / Must be a number' },
      { key: 'decision', input: 'field-decision-0', error: '不是可选的选项 / Is not one of the options' },
      { key: 'decision', input: 'field-decision-1', error: '不是可选的选项 / Is not one of the options' },
    ];
    for (const { key, input, error } of invalid) {
      it(`when ${key} has an error, then ${input} is aria-invalid and described by "${error}"`, () => {
        const tag = openingTag(html, input);
        expect(attribute(tag, 'aria-invalid')).to.equal('true');
        expect(attribute(tag, 'aria-describedby')).to.equal(`field-${key}-error`);
        expect(innerOf(html, `field-${key}-error`)).to.equal(error);
      });
    }

    it('when a field is valid, then it is not marked invalid', () => {
      expect(attribute(openingTag(html, 'field-confirmed'), 'aria-invalid')).to.equal(undefined);
      expect(html).to.not.include('field-confirmed-error');
    });

    it('when the field also has a description, then it is described by both', () => {
      const html2 = renderForm(form, {}, { comment: '最多 200 个字符 / Must be at most 200 characters' });
      expect(attribute(openingTag(html2, 'field-comment'), 'aria-describedby')).to.equal('field-comment-description field-comment-error');
    });
  });

  describe('given script and quotes in everything a form file or a user supplies', () => {
    const hostile = formWith({
      type: 'radio',
      key: 'pick',
      label: XSS,
      description: XSS,
      values: [{ label: XSS, value: XSS }],
    });
    const places: { where: string; html: () => string; escaped: string }[] = [
      { where: 'a radio label, description, option label and option value', html: () => renderForm(hostile, { pick: XSS }, { pick: XSS }), escaped: XSS_ESCAPED },
      {
        where: 'a select option label and value',
        html: () => renderForm(formWith({ type: 'select', key: 's', label: XSS, values: [{ label: XSS, value: XSS }] }), { s: XSS }, {}),
        escaped: XSS_ESCAPED,
      },
      {
        where: 'a checklist option and label',
        html: () => renderForm(formWith({ type: 'checklist', key: 'c', label: XSS, values: [{ label: XSS, value: XSS }] }), { c: [XSS] }, {}),
        escaped: XSS_ESCAPED,
      },
      { where: 'a textfield value and label', html: () => renderForm(formWith({ type: 'textfield', key: 't', label: XSS }), { t: XSS }, {}), escaped: XSS_ESCAPED },
      { where: 'a textarea value', html: () => renderForm(formWith({ type: 'textarea', key: 't', label: 'x' }), { t: `</textarea>${XSS}` }, {}), escaped: `&lt;/textarea&gt;${XSS_ESCAPED}` },
      { where: 'an error message', html: () => renderForm(formWith({ type: 'textfield', key: 't', label: 'x' }), {}, { t: XSS }), escaped: XSS_ESCAPED },
      { where: 'static text', html: () => renderForm(formWith({ type: 'text', text: XSS }), {}, {}), escaped: XSS_ESCAPED },
      {
        where: 'a pattern attribute',
        html: () => renderForm(formWith({ type: 'textfield', key: 't', label: 'x', validate: { pattern: `"><script>` } }), {}, {}),
        escaped: 'pattern="&quot;&gt;&lt;script&gt;"',
      },
      {
        where: 'a key used in id and name',
        html: () => renderForm(formWith({ type: 'textfield', key: `k"><script>`, label: 'x' }), {}, {}),
        escaped: 'name="k&quot;&gt;&lt;script&gt;"',
      },
    ];
    for (const { where, html, escaped } of places) {
      it(`when ${where} hold <script> and quotes, then they are escaped`, () => {
        const rendered = html();
        expect(rendered).to.include(escaped);
        expect(rendered).to.not.include('<script>');
        expect(rendered).to.not.include(`'x'`);
      });
    }
  });
});
