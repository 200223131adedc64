/**
 * The record model of the log: the same fields Zeebe's exporters write, so that tools that understand
 * Zeebe records understand ours. Keys and positions are decimal strings because Zeebe keys exceed 2^53.
 */
export type RecordType = 'EVENT' | 'COMMAND' | 'COMMAND_REJECTION';

export type ValueType =
  | 'DEPLOYMENT'
  | 'PROCESS'
  | 'FORM'
  | 'PROCESS_INSTANCE'
  | 'PROCESS_INSTANCE_CREATION'
  | 'PROCESS_INSTANCE_RESULT'
  | 'JOB'
  | 'JOB_BATCH'
  | 'VARIABLE'
  | 'VARIABLE_DOCUMENT'
  | 'INCIDENT'
  | 'MESSAGE'
  | 'MESSAGE_SUBSCRIPTION'
  | 'PROCESS_MESSAGE_SUBSCRIPTION'
  | 'MESSAGE_START_EVENT_SUBSCRIPTION'
  | 'TIMER'
  | 'SIGNAL'
  | 'SIGNAL_SUBSCRIPTION'
  | 'ESCALATION';

export type RejectionType =
  | 'NULL_VAL'
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'INVALID_STATE'
  | 'PROCESSING_ERROR';

export interface LogRecord {
  position: number;
  /** Position of the command this record follows from; -1 for commands from outside. */
  sourceRecordPosition: number;
  key: string;
  timestamp: number;
  recordType: RecordType;
  valueType: ValueType;
  intent: string;
  rejectionType: RejectionType | 'NULL_VAL';
  rejectionReason: string;
  partitionId: 1;
  value: Record<string, unknown>;
}

/** Sentinel Zeebe uses for "no key" (e.g. the parent of a root process instance). */
export const NO_KEY = '-1';
