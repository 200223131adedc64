/** Whether a form value holds text: a string with something besides white space (a completeness rule's test). */
export function hasText(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}
