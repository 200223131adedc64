import type { Warning } from 'feelin';
import { isContext } from './context-value';

/** A reason why part of an expression evaluated to null, worded as Zeebe 8.3 (feel-scala 1.17) words it. */
export interface EvaluationWarning {
  type: string;
  message: string;
}

/** Zeebe appends the warnings to a failure so that an incident says why a value was null. */
export function withWarnings(message: string, warnings: readonly EvaluationWarning[]): string {
  if (warnings.length === 0) return message;
  const lines = warnings.map(({ type, message: text }) => `[${type}] ${text}`);
  return `${message} The evaluation reported the following warnings:\n${lines.join('\n')}`;
}

export function translateWarnings(warnings: readonly Warning[]): EvaluationWarning[] {
  const translated: EvaluationWarning[] = [];
  for (let index = 0; index < warnings.length; index++) {
    const warning = warnings[index];
    const next = warnings[index + 1];
    // feelin reports an unknown function as a missing variable that cannot be invoked
    if (warning.type === 'NO_VARIABLE_FOUND' && next?.type === 'NO_FUNCTION_FOUND' && next.position.from === warning.position.from) {
      translated.push({ type: 'NO_FUNCTION_FOUND', message: `No function found with name '${quotedName(warning)}'` });
      index++;
    } else {
      translated.push(translateWarning(warning));
    }
  }
  return translated;
}

function translateWarning(warning: Warning): EvaluationWarning {
  const target = warning.details?.values?.target;
  switch (warning.type) {
    case 'NO_VARIABLE_FOUND':
      return { type: warning.type, message: `No variable found with name '${quotedName(warning)}'` };
    case 'NO_CONTEXT_ENTRY_FOUND':
      return { type: warning.type, message: `No context entry found with key '${quotedName(warning)}'. ${describeKeys(target)}` };
    case 'NO_PROPERTY_FOUND':
      if (target === null || target === undefined) {
        return {
          type: 'NO_CONTEXT_ENTRY_FOUND',
          message: `No context entry found with key '${quotedName(warning)}'. The context is null`,
        };
      }
      return { type: warning.type, message: warning.message };
    default:
      return { type: warning.type, message: warning.message };
  }
}

/** feelin writes the name into the template itself: "Variable 'x' not found", "Key 'y' not found in {target}". */
function quotedName(warning: Warning): string {
  const template = warning.details?.template ?? warning.message;
  return /'(.*)'/.exec(template)?.[1] ?? template;
}

function describeKeys(context: unknown): string {
  const keys = isContext(context) ? Object.keys(context) : [];
  return keys.length === 0 ? 'The context is empty' : `Available keys: ${keys.map((key) => `'${key}'`).join(', ')}`;
}
