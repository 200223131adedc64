/** Camunda Forms on the server: read the form files, render a task's form, check what the clerk sends. */
export type { FormSchema, FormComponent, InputComponent, TextComponent, FormOption, FormValidate } from './form-schema';
export { parseForm } from './parse-form';
export { loadForms, formRegistry, type FormRegistry } from './form-registry';
export { validateSubmission, type Submission } from './validate-submission';
export { renderForm } from './render-form';
export { escapeHtml } from './escape-html';
