import { FormComponent, FormSchema, INPUT_TYPES, InputType } from './form-schema';

const NUMERIC_RULES = ['min', 'max', 'minLength', 'maxLength'] as const;

/**
 * Reads one Camunda Forms JSON file and refuses, with the file and component named, everything the
 * server could not render and validate: a form the task list cannot check must fail at deployment,
 * not when a clerk submits it.
 */
export function parseForm(json: string, source: string): FormSchema {
  const fail = (expected: string, but: string): never => {
    throw new Error(`Expected form ${source} to ${expected}, but ${but}`);
  };

  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    return fail('be valid JSON', (error as Error).message);
  }
  if (!isObject(raw)) return fail('be a JSON object', `it is ${describe(raw)}`);
  if (typeof raw.id !== 'string' || raw.id.trim() === '') {
    return fail('have an id', raw.id === undefined ? 'it has none' : `its id is ${describe(raw.id)}`);
  }
  if (raw.type !== undefined && typeof raw.type !== 'string') {
    fail('have a string type', `its type is ${describe(raw.type)}`);
  }
  if (raw.schemaVersion !== undefined && typeof raw.schemaVersion !== 'number') {
    fail('have a numeric schemaVersion', `it is ${describe(raw.schemaVersion)}`);
  }
  if (!Array.isArray(raw.components)) {
    return fail('have a components array', `it is ${describe(raw.components)}`);
  }

  const keys = new Map<string, string>();
  const components = raw.components.map((component, index): FormComponent => {
    const where = `component #${index + 1}`;
    if (!isObject(component)) return fail(`describe ${where} as an object`, `it is ${describe(component)}`);
    const name = componentName(component, index);
    const type = component.type;
    if (type === 'text') {
      if (typeof component.text !== 'string') fail(`give ${name} a string text`, `it is ${describe(component.text)}`);
      return component as unknown as FormComponent;
    }
    if (typeof type !== 'string' || !(INPUT_TYPES as readonly string[]).includes(type)) {
      return fail(
        `use only the types text, ${INPUT_TYPES.join(', ')}`,
        `${name} has type ${describe(type)}`,
      );
    }
    checkInput(component, type as InputType, name, fail);
    const key = component.key as string;
    const earlier = keys.get(key);
    if (earlier) fail(`use each key once`, `${earlier} and ${name} both have key "${key}"`);
    keys.set(key, name);
    return component as unknown as FormComponent;
  });

  return {
    id: raw.id,
    type: typeof raw.type === 'string' ? raw.type : 'default',
    schemaVersion: typeof raw.schemaVersion === 'number' ? raw.schemaVersion : 16,
    components,
  };
}

type Fail = (expected: string, but: string) => never;

function checkInput(component: Record<string, unknown>, type: InputType, name: string, fail: Fail): void {
  const key = component.key;
  if (typeof key !== 'string' || key.trim() === '') {
    fail(`give ${name} a key`, key === undefined ? 'it has none' : `its key is ${describe(key)}`);
  }
  if (/\s/.test(key as string)) fail(`give ${name} a key without spaces`, `it is "${key}"`);
  // Submitted values are collected in a plain object, where this key would replace its prototype.
  if (key === '__proto__') fail(`give ${name} a usable variable name as key`, 'it is "__proto__"');
  for (const field of ['label', 'dateLabel', 'description'] as const) {
    if (component[field] !== undefined && typeof component[field] !== 'string') {
      fail(`give ${name} a string ${field}`, `it is ${describe(component[field])}`);
    }
  }
  if (component.conditional !== undefined) {
    fail(`have no conditional components (the server cannot evaluate FEEL)`, `${name} has one`);
  }
  if (type === 'datetime' && component.subtype !== undefined && component.subtype !== 'date') {
    fail(`use datetime only with subtype "date"`, `${name} has subtype ${describe(component.subtype)}`);
  }
  checkValidate(component.validate, name, fail);
  if (type === 'select' || type === 'radio' || type === 'checklist') {
    checkValues(component, name, fail);
  } else if (component.values !== undefined) {
    fail(`give values only to select, radio and checklist`, `${name} is a ${type} with values`);
  }
}

function checkValidate(validate: unknown, name: string, fail: Fail): void {
  if (validate === undefined) return;
  if (!isObject(validate)) return fail(`give ${name} a validate object`, `it is ${describe(validate)}`);
  if (validate.required !== undefined && typeof validate.required !== 'boolean') {
    fail(`give ${name} a boolean validate.required`, `it is ${describe(validate.required)}`);
  }
  for (const rule of NUMERIC_RULES) {
    const limit = validate[rule];
    if (limit !== undefined && (typeof limit !== 'number' || !Number.isFinite(limit))) {
      fail(`give ${name} a numeric validate.${rule}`, `it is ${describe(limit)}`);
    }
  }
  if (validate.pattern !== undefined) {
    if (typeof validate.pattern !== 'string') {
      return fail(`give ${name} a string validate.pattern`, `it is ${describe(validate.pattern)}`);
    }
    try {
      new RegExp(validate.pattern, 'u');
    } catch (error) {
      fail(`give ${name} a valid validate.pattern`, (error as Error).message);
    }
  }
}

function checkValues(component: Record<string, unknown>, name: string, fail: Fail): void {
  const values = component.values;
  if (!Array.isArray(values) || values.length === 0) {
    const found = component.valuesKey ?? component.valuesExpression;
    return fail(
      `give ${name} a non-empty static values list`,
      found !== undefined ? `it takes its options from ${describe(found)}` : `values is ${describe(values)}`,
    );
  }
  const seen = new Set<string>();
  values.forEach((option, index) => {
    if (!isObject(option) || typeof option.value !== 'string' || typeof option.label !== 'string') {
      fail(`give ${name} options with a string label and value`, `option #${index + 1} is ${describe(option)}`);
    }
    const value = (option as Record<string, string>).value;
    if (seen.has(value)) fail(`give ${name} distinct option values`, `"${value}" appears twice`);
    seen.add(value);
  });
}

function componentName(component: Record<string, unknown>, index: number): string {
  const type = typeof component.type === 'string' ? component.type : 'untyped';
  const key = typeof component.key === 'string' ? ` "${component.key}"` : '';
  const label = typeof component.label === 'string' ? ` (${component.label})` : '';
  return `component #${index + 1} ${type}${key}${label}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (Array.isArray(value)) return 'an array';
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}
