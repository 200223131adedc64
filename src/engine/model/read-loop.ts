import { checkSyntax, isExpression } from '../feel/expression';
import type { LoopDefinition } from './model';

/** Multi-instance: zeebe:loopCharacteristics inputCollection is required; an outputCollection needs an outputElement. */
export function readLoop(loop: any, where: string, errors: string[]): LoopDefinition | undefined {
  if (loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
    errors.push(`${where}: expected multi-instance loop characteristics, but standard loops are not supported by Zeebe`);
    return undefined;
  }
  const zeebe = (loop.extensionElements?.values ?? []).find((e: any) => e.$type === 'zeebe:LoopCharacteristics');
  const expression = (text: string | undefined, label: string): string | undefined => {
    if (text === undefined || text.trim() === '') return undefined;
    const body = isExpression(text.trim()) ? text.trim().slice(1) : text.trim();
    const problem = checkSyntax(body);
    if (problem) errors.push(`${where} ${label}: expected a valid FEEL expression, but ${problem}`);
    return body;
  };
  const inputCollection = expression(zeebe?.inputCollection, 'inputCollection');
  if (!inputCollection) {
    errors.push(`${where}: expected a zeebe:loopCharacteristics inputCollection on a multi-instance activity, but found none`);
    return undefined;
  }
  const outputCollection = zeebe?.outputCollection || undefined;
  const outputElement = expression(zeebe?.outputElement, 'outputElement');
  if (outputCollection && !outputElement) errors.push(`${where}: expected an outputElement with the outputCollection '${outputCollection}', but found none`);
  return {
    sequential: loop.isSequential === true,
    inputCollection,
    inputElement: zeebe?.inputElement || undefined,
    outputCollection,
    outputElement,
    completionCondition: expression(loop.completionCondition?.body, 'completionCondition'),
  };
}
