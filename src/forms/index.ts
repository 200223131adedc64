/**
 * Camunda Forms on the server: read the form files, render a task's form, check what the clerk sends.
 *
 *   const forms = loadForms('forms');                         // at start; a bad *.form file throws
 *   const form = forms.find(task.customHeaders['io.camunda.zeebe:formKey']);
 *   renderForm(form, variables, {});                          // GET: fields only, caller adds <form>, CSRF, submit
 *   const { values, errors } = validateSubmission(form, req.body);   // POST (urlencoded or JSON)
 *   if (Object.keys(errors).length) renderForm(form, values, errors); // show again with the errors
 *   else completeJob(values);                                 // only the form's own keys, typed
 *
 * Empty fields come out as null (checkbox false, checklist []); readonly, disabled and text components
 * take no input.
 */
export type { FormSchema, FormComponent, InputComponent, TextComponent, FormOption, FormValidate } from './form-schema';
export { parseForm } from './parse-form';
export { loadForms, formRegistry, type FormRegistry } from './form-registry';
export { validateSubmission, type Submission } from './validate-submission';
export { renderForm } from './render-form';
export { escapeHtml } from './escape-html';
