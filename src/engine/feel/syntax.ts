import { parseExpression } from 'feelin';
import { camundaFunctionNames } from './functions';

// The parser must know the names with spaces that contain a keyword, such as `get or else`.
const knownNames = Object.fromEntries(camundaFunctionNames.map((name) => [name, null]));

/**
 * Checks the syntax of a FEEL expression (text without the leading '=') without evaluating it; returns
 * Zeebe's "failed to parse expression" message, or null when the expression is well formed.
 */
export function checkSyntax(expression: string): string | null {
  const problem = findSyntaxProblem(expression);
  return problem === null ? null : parseFailure(expression, problem);
}

export function parseFailure(expression: string, problem: string): string {
  return `failed to parse expression '${expression}': ${problem}`;
}

/** Describes the first error in the parse tree, with a 1-based position. */
export function findSyntaxProblem(expression: string): string | null {
  const tree = parseExpression(expression, knownNames, undefined);
  let problem: string | null = null;
  tree.iterate({
    enter(node) {
      if (problem !== null) return false;
      if (!node.type.isError) return undefined;
      if (node.to > node.from) {
        problem = `Expected a valid expression, but found '${expression.slice(node.from, node.to)}' at position ${node.from + 1}`;
        return false;
      }
      const rest = expression.slice(node.from).trim();
      problem = rest
        ? `Expected a valid expression, but found '${firstToken(rest)}' at position ${expression.indexOf(rest, node.from) + 1}`
        : `Expected the expression to continue at position ${node.from + 1}, but it ended`;
      return false;
    },
  });
  return problem;
}

function firstToken(text: string): string {
  return /^(\w+|\S)/.exec(text)?.[0] ?? text;
}
