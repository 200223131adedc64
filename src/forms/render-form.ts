import { escapeHtml } from './escape-html';
import { FormComponent, FormSchema, InputComponent, isInput, labelOf, TextComponent } from './form-schema';

/**
 * The fields of a task form as HTML. The caller wraps them in its own <form> with the CSRF token and the
 * submit button. values fill the fields back in (process variables, or a rejected submission with what
 * the clerk typed); errors come from validateSubmission and appear beside their fields. Every string
 * from the form file or from a user goes through escapeHtml.
 */
export function renderForm(
  form: FormSchema,
  values: Record<string, unknown>,
  errors: Record<string, string>,
): string {
  return form.components.map((component) => renderComponent(component, values, errors)).join('\n');
}

function renderComponent(
  component: FormComponent,
  values: Record<string, unknown>,
  errors: Record<string, string>,
): string {
  if (!isInput(component)) return renderText(component);
  const value = Object.prototype.hasOwnProperty.call(values, component.key) && values[component.key] !== undefined
    ? values[component.key]
    : component.defaultValue;
  const field = new Field(component, Object.prototype.hasOwnProperty.call(errors, component.key) ? errors[component.key] : undefined);
  switch (component.type) {
    case 'checklist':
      return field.group(component.values ?? [], 'checkbox', (option) => listOf(value).includes(option));
    case 'radio':
      return field.group(component.values ?? [], 'radio', (option) => textOf(value) === option);
    case 'select':
      return field.select(textOf(value));
    case 'checkbox':
      return field.checkbox(isTicked(value));
    case 'textarea':
      return field.textarea(textOf(value));
    case 'number':
      return field.input('number', textOf(value));
    case 'datetime':
      return field.input('date', textOf(value));
    default:
      return field.input('text', textOf(value));
  }
}

/** Markdown is shown as its plain text: blank lines part paragraphs, single line breaks stay. */
function renderText(component: TextComponent): string {
  const paragraphs = component.text
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
    .map((paragraph) => `<p>${paragraph.split(/\r?\n/).map(escapeHtml).join('<br>')}</p>`);
  return `<div class="form-text">${paragraphs.join('')}</div>`;
}

/** The markup every input shares: ids, label, required marker, description, error and their ARIA links. */
class Field {
  private readonly id: string;
  private readonly descriptionId: string;
  private readonly errorId: string;

  constructor(
    private readonly component: InputComponent,
    private readonly error: string | undefined,
  ) {
    this.id = `field-${component.key}`;
    this.descriptionId = `${this.id}-description`;
    this.errorId = `${this.id}-error`;
  }

  input(type: 'text' | 'number' | 'date', value: string): string {
    const attributes: Record<string, string | number | boolean | undefined> = {
      type,
      id: this.id,
      name: this.component.key,
      value,
      ...this.rules(),
      readonly: this.component.readonly,
    };
    if (type === 'number') {
      attributes.min = this.component.validate?.min;
      attributes.max = this.component.validate?.max;
      attributes.step = stepOf(this.component);
    }
    if (type === 'text') attributes.pattern = this.component.validate?.pattern;
    return this.wrap(`${this.label()}<input${attrs({ ...attributes, ...this.aria() })}>`);
  }

  textarea(value: string): string {
    const attributes = { id: this.id, name: this.component.key, ...this.rules(), readonly: this.component.readonly };
    return this.wrap(`${this.label()}<textarea${attrs({ ...attributes, ...this.aria() })}>${escapeHtml(value)}</textarea>`);
  }

  checkbox(checked: boolean): string {
    const attributes = {
      type: 'checkbox',
      id: this.id,
      name: this.component.key,
      checked,
      required: this.component.validate?.required,
      disabled: this.locked(),
    };
    return this.wrap(`<input${attrs({ ...attributes, ...this.aria() })}>${this.label()}`);
  }

  select(value: string): string {
    const options = (this.component.values ?? []).map(
      (option) => `<option${attrs({ value: option.value, selected: option.value === value })}>${escapeHtml(option.label)}</option>`,
    );
    const chosen = (this.component.values ?? []).some((option) => option.value === value);
    const placeholder = `<option${attrs({ value: '', selected: !chosen })}>请选择 / Select</option>`;
    const attributes = {
      id: this.id,
      name: this.component.key,
      required: this.component.validate?.required,
      disabled: this.locked(),
    };
    return this.wrap(`${this.label()}<select${attrs({ ...attributes, ...this.aria() })}>${placeholder}${options.join('')}</select>`);
  }

  /** Radio and checklist: a fieldset whose legend is the label, one labelled input per option. */
  group(options: { label: string; value: string }[], type: 'radio' | 'checkbox', isChosen: (value: string) => boolean): string {
    const inputs = options.map((option, index) => {
      const optionId = `${this.id}-${index}`;
      const attributes = {
        type,
        id: optionId,
        name: this.component.key,
        value: option.value,
        checked: isChosen(option.value),
        // A required checkbox in HTML means that box must be ticked, so only radios carry it.
        required: type === 'radio' && this.component.validate?.required,
        disabled: this.locked(),
        // Screen readers do not all announce a fieldset's description, so each option points at it too.
        ...this.aria(),
      };
      return `<span class="form-option"><input${attrs(attributes)}><label${attrs({ for: optionId })}>${escapeHtml(option.label)}</label></span>`;
    });
    const legend = `<legend>${escapeHtml(labelOf(this.component))}${this.marker()}</legend>`;
    return (
      `<fieldset${attrs({ class: `form-field form-field-${this.component.type}`, id: this.id, 'aria-describedby': this.describedBy() })}>` +
      `${legend}${inputs.join('')}${this.notes()}</fieldset>`
    );
  }

  private wrap(inner: string): string {
    return `<div class="form-field form-field-${escapeHtml(this.component.type)}">${inner}${this.notes()}</div>`;
  }

  private label(): string {
    return `<label${attrs({ for: this.id })}>${escapeHtml(labelOf(this.component))}${this.marker()}</label>`;
  }

  private marker(): string {
    return this.component.validate?.required
      ? '<abbr class="form-required" title="必填 / Required">*</abbr>'
      : '';
  }

  private notes(): string {
    const description = this.component.description
      ? `<p${attrs({ class: 'form-description', id: this.descriptionId })}>${escapeHtml(this.component.description)}</p>`
      : '';
    const error = this.error
      ? `<p${attrs({ class: 'form-error', id: this.errorId, role: 'alert' })}>${escapeHtml(this.error)}</p>`
      : '';
    return description + error;
  }

  private rules(): Record<string, string | number | boolean | undefined> {
    const validate = this.component.validate ?? {};
    return { required: validate.required, minlength: validate.minLength, maxlength: validate.maxLength };
  }

  private aria(): Record<string, string | undefined> {
    return { 'aria-invalid': this.error ? 'true' : undefined, 'aria-describedby': this.describedBy() };
  }

  private describedBy(): string | undefined {
    const ids = [this.component.description ? this.descriptionId : '', this.error ? this.errorId : ''];
    return ids.filter(Boolean).join(' ') || undefined;
  }

  private locked(): boolean | undefined {
    return this.component.readonly || this.component.disabled;
  }
}

/** Attributes in double quotes; true is a bare boolean attribute, false and undefined leave it out. */
function attrs(attributes: Record<string, string | number | boolean | undefined>): string {
  return Object.entries(attributes)
    .filter(([, value]) => value !== undefined && value !== false)
    .map(([name, value]) => (value === true ? ` ${name}` : ` ${name}="${escapeHtml(value)}"`))
    .join('');
}

function stepOf(component: InputComponent): string {
  if (component.increment !== undefined && component.increment !== '') return String(component.increment);
  if (component.decimalDigits !== undefined) {
    return component.decimalDigits <= 0 ? '1' : `0.${'0'.repeat(component.decimalDigits - 1)}1`;
  }
  // Without a step the browser would refuse decimals the server accepts.
  return 'any';
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

function listOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function isTicked(value: unknown): boolean {
  return value === true || (typeof value === 'string' && ['on', 'true', '1'].includes(value.toLowerCase()));
}
