/**
 * What the task list needs of forms (src/forms/ implements it): find a task's form by its formKey, validate a
 * submission on the server and render the fields. The form itself stays opaque here.
 */
export interface TaskForms {
  find(formKey: string | null | undefined): TaskForm | undefined;
}

export interface TaskForm {
  id: string;
  /** The keys of the inputs a person fills in (the variables the form sets). */
  inputKeys(): string[];
  /** The keys of every field the form shows, read-only ones included. */
  fieldKeys(): string[];
  validate(input: Record<string, unknown>): { values: Record<string, unknown>; errors: Record<string, string> };
  /** HTML of the fields only, every value escaped. */
  render(values: Record<string, unknown>, errors: Record<string, string>): string;
}

/** A registry for an application without forms (every task completes with a confirmation). */
export const NO_FORMS: TaskForms = { find: () => undefined };
