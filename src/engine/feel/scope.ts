import { camundaFunctionNames, camundaFunctions } from './functions';
import type { FeelOptions } from './options';

/**
 * feelin parses every expression anew, and the parse costs time in proportion to the number of names in the
 * context, because the parser tracks them to recognise names with spaces. A name can only be used where its text
 * appears in the expression, so the scope holds just the variables and Camunda functions that the expression
 * mentions. Spaces are ignored in the comparison since FEEL lets a name be written with spaces around its
 * operators (`a-b` as `a - b`); a false match only costs a slightly larger scope.
 */
export function evaluationScope(
  expression: string,
  variables: Record<string, unknown>,
  options: FeelOptions | undefined,
): Record<string, unknown> {
  const { compactText, functionNames } = prepare(expression);
  const scope = camundaFunctions(functionNames, options);
  for (const name of Object.keys(variables)) {
    // assigning '__proto__' would replace the scope's prototype instead of adding a name
    if (name !== '__proto__' && compactText.includes(compact(name))) scope[name] = variables[name];
  }
  return scope;
}

interface PreparedExpression {
  compactText: string;
  functionNames: string[];
}

const MAX_PREPARED = 2000;
const prepared = new Map<string, PreparedExpression>();

const functionPatterns = camundaFunctionNames.map((name) => ({
  name,
  pattern: new RegExp(name.split(' ').join('\\s+')),
}));

function prepare(expression: string): PreparedExpression {
  let entry = prepared.get(expression);
  if (!entry) {
    entry = {
      compactText: compact(expression),
      functionNames: functionPatterns.filter(({ pattern }) => pattern.test(expression)).map(({ name }) => name),
    };
    if (prepared.size >= MAX_PREPARED) prepared.delete(prepared.keys().next().value as string);
    prepared.set(expression, entry);
  }
  return entry;
}

function compact(text: string): string {
  return /\s/.test(text) ? text.replace(/\s+/g, '') : text;
}
