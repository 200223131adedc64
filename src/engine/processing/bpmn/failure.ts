import type { SequenceFlowModel } from '../../model/model';
import type { IncidentErrorType } from '../../state/types';

/** A step that could not be done: becomes an incident on the element (Zeebe's "failure" values). */
export interface Failure {
  errorType: IncidentErrorType;
  message: string;
}

export function isFailure(value: unknown): value is Failure {
  return typeof value === 'object' && value !== null && 'errorType' in value && 'message' in value;
}

/** Returned by a behaviour's prepare step when it chose the flows the element will leave by. */
export interface FlowChoice {
  flows: SequenceFlowModel[];
}

export function isChoice(value: unknown): value is FlowChoice {
  return typeof value === 'object' && value !== null && Array.isArray((value as FlowChoice).flows);
}

/** Returned by a behaviour's prepare step when it has already dealt with the element (an error was thrown and caught). */
export const HANDLED = Symbol('handled');
