import { MAX_UPLOAD_BYTES, refuse, type Refusal } from './check-bpmn';

export interface CheckedForm {
  ok: true;
  formId: string;
}

/** A Camunda Form as the engine takes it: JSON of at most 4 MB, an object with a string id and components. */
export function checkForm(text: string): CheckedForm | Refusal {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_UPLOAD_BYTES) return refuse('too-large', `表单过大 / Expected a form of at most 4 MB, but it has ${bytes} bytes`);
  let form: any;
  try {
    form = JSON.parse(text);
  } catch (error) {
    return refuse('not-form', `不是 JSON / Expected a Camunda Form in JSON, but ${(error as Error).message}`);
  }
  if (typeof form !== 'object' || form === null || Array.isArray(form)) return refuse('not-form', '不是表单 / Expected a Camunda Form (a JSON object), but got something else');
  if (typeof form.id !== 'string' || !/^[A-Za-z][A-Za-z0-9_-]{0,199}$/.test(form.id)) {
    return refuse('not-form', "表单标识无效 / Expected the form's 'id' to be letters, digits, '-' and '_' starting with a letter; the tasks' formKey refers to it");
  }
  if (!Array.isArray(form.components)) return refuse('not-form', "不是表单 / Expected a Camunda Form with a 'components' list, but it has none");
  return { ok: true, formId: form.id };
}
