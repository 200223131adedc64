import { coerceValue } from './coerce-value';
import { acceptsInput, FormSchema, hasOptions, InputComponent } from './form-schema';
import { messages } from './messages';

export interface Submission {
  /**
   * One entry per input component, in its type: pass these to the engine only when errors is empty.
   * A field whose value could not be coerced keeps what was submitted, so the form can show it again.
   */
  values: Record<string, unknown>;
  /** Field key → reason in Chinese and English; empty when the submission is valid. */
  errors: Record<string, string>;
}

/**
 * Checks a task form submission against the form, the same way for an HTML form post and a JSON body.
 * Only the form's own keys come out: anything else a client sends never reaches the engine, nor does a
 * value for static text or a read-only field.
 */
export function validateSubmission(form: FormSchema, input: Record<string, unknown>): Submission {
  const values: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const component of form.components) {
    if (!acceptsInput(component)) continue;
    const raw = Object.prototype.hasOwnProperty.call(input, component.key) ? input[component.key] : undefined;
    const coerced = coerceValue(component, raw);
    if (!coerced.ok) {
      values[component.key] = raw;
      errors[component.key] = coerced.message;
      continue;
    }
    values[component.key] = coerced.value;
    const error = coerced.empty ? emptyError(component) : ruleError(component, coerced.value);
    if (error) errors[component.key] = error;
  }
  return { values, errors };
}

function emptyError(component: InputComponent): string | undefined {
  return component.validate?.required ? messages.required() : undefined;
}

function ruleError(component: InputComponent, value: unknown): string | undefined {
  const rules = component.validate ?? {};
  if (typeof value === 'number') {
    if (rules.min !== undefined && value < rules.min) return messages.min(rules.min);
    if (rules.max !== undefined && value > rules.max) return messages.max(rules.max);
  }
  if (typeof value === 'string' && (component.type === 'textfield' || component.type === 'textarea')) {
    // Count characters as a reader does: one Chinese character or emoji is one, not two UTF-16 units.
    const length = [...value].length;
    if (rules.minLength !== undefined && length < rules.minLength) return messages.minLength(rules.minLength);
    if (rules.maxLength !== undefined && length > rules.maxLength) return messages.maxLength(rules.maxLength);
    // Anchored like the HTML pattern attribute, so browser and server accept the same values.
    if (rules.pattern !== undefined && !new RegExp(`^(?:${rules.pattern})$`, 'u').test(value)) {
      return messages.pattern();
    }
  }
  if (hasOptions(component)) {
    const allowed = new Set((component.values ?? []).map((option) => option.value));
    if (Array.isArray(value)) {
      if (!value.every((item) => allowed.has(item))) return messages.someNotOption();
    } else if (!allowed.has(value as string)) {
      return messages.notOption();
    }
  }
  return undefined;
}
