import { checkSyntax, isExpression } from '../feel/expression';

/** An attribute that is a FEEL expression ('=…') must parse; a static value needs no check. */
export function checkAttribute(value: string, where: string, errors: string[]): void {
  if (!isExpression(value)) return;
  const problem = checkSyntax(value.slice(1));
  if (problem) errors.push(`${where}: expected a valid FEEL expression, but ${problem}`);
}
