import fs from 'node:fs';
import path from 'node:path';
import { FormSchema } from './form-schema';
import { parseForm } from './parse-form';

/** The forms the task list knows, looked up by the formKey a user task carries. */
export interface FormRegistry {
  /**
   * The form for a task's formKey: the plain form id (our processes use formKey="<form-id>") or
   * "camunda-forms:bpmn:<form-id>". A numeric key of a form deployed to a Camunda cluster is not
   * resolved here: undefined, as for an unknown id or a task without a form.
   */
  find(formKey: string | undefined): FormSchema | undefined;
}

const BPMN_PREFIX = 'camunda-forms:bpmn:';

export function formRegistry(forms: readonly FormSchema[]): FormRegistry {
  const byId = new Map<string, FormSchema>();
  for (const form of forms) {
    if (byId.has(form.id)) {
      throw new Error(`Expected every form to have its own id, but two forms have id "${form.id}"`);
    }
    byId.set(form.id, form);
  }
  return {
    find(formKey) {
      // A key of digits only is a form deployed to a cluster, never one of our form ids.
      if (!formKey || /^\d+$/.test(formKey)) return undefined;
      const id = formKey.startsWith(BPMN_PREFIX) ? formKey.slice(BPMN_PREFIX.length) : formKey;
      return byId.get(id);
    },
  };
}

/** Reads and checks every *.form file in dir (not its subdirectories); a bad file stops the start. */
export function loadForms(dir: string): FormRegistry {
  const files = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.form'))
    .map((entry) => path.join(dir, entry.name))
    .sort();
  const forms = files.map((file) => parseForm(fs.readFileSync(file, 'utf8'), file));
  const sources = new Map<string, string>();
  forms.forEach((form, index) => {
    const earlier = sources.get(form.id);
    if (earlier) {
      throw new Error(
        `Expected every form in ${dir} to have its own id, but ${earlier} and ${files[index]} both have id "${form.id}"`,
      );
    }
    sources.set(form.id, files[index]);
  });
  return formRegistry(forms);
}
