import fs from 'node:fs';
import { formRegistry, loadForms, renderForm, validateSubmission, type FormRegistry } from '../forms';
import { acceptsInput, isInput } from '../forms/form-schema';
import type { TaskForms } from './task-forms';

/** The forms of src/forms/ as the task list uses them. */
export function taskFormsFrom(registry: FormRegistry): TaskForms {
  return {
    find(formKey) {
      const form = registry.find(formKey ?? undefined);
      if (!form) return undefined;
      return {
        id: form.id,
        inputKeys: () => form.components.filter(acceptsInput).map((component) => component.key),
        fieldKeys: () => form.components.filter(isInput).map((component) => component.key),
        validate: (input) => validateSubmission(form, input),
        render: (values, errors) => renderForm(form, values, errors),
      };
    },
  };
}

/** The forms of a folder; a missing folder means no forms (every task completes with a confirmation). */
export function loadTaskForms(dir: string): TaskForms {
  return taskFormsFrom(fs.existsSync(dir) ? loadForms(dir) : formRegistry([]));
}
