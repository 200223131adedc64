/**
 * A BPMN attribute value: Zeebe treats a string starting with '=' as a FEEL expression, otherwise a static value.
 * A lone '=' has no expression after it and stays static, as in Zeebe.
 */
export function isExpression(text: string): boolean {
  return text.length > 1 && text.startsWith('=');
}

/** The FEEL text of an attribute that is an expression. */
export function expressionOf(text: string): string {
  return text.slice(1);
}
