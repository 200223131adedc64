/**
 * The subset of Camunda Forms JSON (schemaVersion 16) that the task list renders and validates on the
 * server. parseForm refuses anything outside it, so code holding a FormSchema can rely on these shapes.
 */
export const INPUT_TYPES = [
  'textfield',
  'textarea',
  'number',
  'checkbox',
  'checklist',
  'select',
  'radio',
  'datetime',
] as const;

export type InputType = (typeof INPUT_TYPES)[number];
export type ComponentType = InputType | 'text';

export interface FormValidate {
  required?: boolean;
  min?: number;
  max?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

export interface FormOption {
  label: string;
  value: string;
}

/** Static text: shown to the clerk, never submitted. */
export interface TextComponent {
  type: 'text';
  id?: string;
  text: string;
}

/** A component that sets the process variable named by its key. */
export interface InputComponent {
  type: InputType;
  key: string;
  id?: string;
  label?: string;
  /** Camunda puts a date field's label here instead of in label. */
  dateLabel?: string;
  description?: string;
  defaultValue?: unknown;
  validate?: FormValidate;
  /** select, radio and checklist only: the allowed values. */
  values?: FormOption[];
  /** datetime only; parseForm accepts "date" (the default) and nothing else. */
  subtype?: 'date';
  /** number only: the step of the input. */
  increment?: number | string;
  decimalDigits?: number;
  /** Shown but not editable: a submitted value for it is ignored. */
  readonly?: boolean;
  disabled?: boolean;
}

export type FormComponent = TextComponent | InputComponent;

export interface FormSchema {
  id: string;
  type: string;
  schemaVersion: number;
  components: FormComponent[];
}

export function isInput(component: FormComponent): component is InputComponent {
  return component.type !== 'text';
}

export function hasOptions(component: InputComponent): boolean {
  return component.type === 'select' || component.type === 'radio' || component.type === 'checklist';
}

/** A component whose submitted value the server takes (text, readonly and disabled ones it does not). */
export function acceptsInput(component: FormComponent): component is InputComponent {
  return isInput(component) && !component.readonly && !component.disabled;
}

export function labelOf(component: InputComponent): string {
  return component.label ?? component.dateLabel ?? component.key;
}
