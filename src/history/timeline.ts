import type { LogRecord } from '../engine/log/record';
import type { LoggedOperation } from './instance-operations';
import { maskRecordValue, type HistoryReader } from './masking';

/**
 * One instance's history in one order: its records (events and rejections; commands are only requests) and
 * the operation log's entries, merged by time. An operation sits just before the record it caused when
 * there is one (a task completion before the job's COMPLETED event), else after the last record of its
 * time. Records carry their actor: the user whose operation caused them, or the worker, or the engine.
 */
export type TimelineEntry = RecordEntry | OperationEntry;

export interface RecordEntry {
  kind: 'record';
  position: number;
  timestamp: number;
  recordType: string;
  valueType: string;
  intent: string;
  key: string;
  elementId?: string;
  elementType?: string;
  actor: string;
  /** The operation that caused it, when one did. */
  operationId?: string;
  rejectionReason?: string;
  value: Record<string, unknown>;
}

export interface OperationEntry {
  kind: 'operation';
  id: string;
  timestamp: number;
  username: string;
  action: string;
  taskId: string | null;
  detail: Record<string, unknown>;
  /** The replay step (record position) this operation belongs to: the record it caused, or the last one before it. */
  position: number;
  /** The record it caused, when one is known (a completion: the job's COMPLETED event). */
  causedPosition?: number;
}

export const ENGINE_ACTOR = 'engine';

export function buildTimeline(records: LogRecord[], operations: LoggedOperation[], reader: HistoryReader): TimelineEntry[] {
  const shown = records.filter((r) => r.recordType !== 'COMMAND');
  const causedBy = linkOperations(shown, operations);
  const actors = actorsBySource(shown, causedBy);
  const recordEntries: RecordEntry[] = shown.map((r) => {
    const value = r.value as Record<string, any>;
    const operation = causedBy.get(r.position);
    return {
      kind: 'record',
      position: r.position,
      timestamp: r.timestamp,
      recordType: r.recordType,
      valueType: r.valueType,
      intent: r.intent,
      key: r.key,
      elementId: value.elementId ?? value.targetElementId,
      elementType: value.bpmnElementType,
      actor: actors.get(r.sourceRecordPosition) ?? (typeof value.worker === 'string' && value.worker ? `worker:${value.worker}` : ENGINE_ACTOR),
      operationId: operation?.id,
      rejectionReason: r.rejectionReason || undefined,
      value: maskRecordValue(reader, r.value).value,
    };
  });
  const caused = new Map<string, number>();
  for (const [position, operation] of causedBy) caused.set(operation.id, position);
  const operationEntries: OperationEntry[] = operations.map((op) => {
    const causedPosition = caused.get(op.id);
    const before = lastAtOrBefore(shown, op.at);
    return {
      kind: 'operation',
      id: op.id,
      timestamp: op.at,
      username: op.username,
      action: op.action,
      taskId: op.taskId,
      detail: op.detail,
      position: causedPosition ?? before?.position ?? shown[0]?.position ?? 0,
      causedPosition,
    };
  });
  return merge(recordEntries, operationEntries);
}

/** A task's completion caused its job's COMPLETED event (the task id is the job key). */
function linkOperations(records: LogRecord[], operations: LoggedOperation[]): Map<number, LoggedOperation> {
  const completedJobs = new Map<string, LogRecord>();
  for (const r of records) if (r.valueType === 'JOB' && r.intent === 'COMPLETED' && r.recordType === 'EVENT') completedJobs.set(r.key, r);
  const links = new Map<number, LoggedOperation>();
  for (const op of operations) {
    if (op.action !== 'complete' || !op.taskId) continue;
    const record = completedJobs.get(op.taskId);
    if (record && !links.has(record.position)) links.set(record.position, op);
  }
  return links;
}

/** Every record that follows from the same command as a user's completion (its variables, the element's end) is that user's doing. */
function actorsBySource(records: LogRecord[], causedBy: Map<number, LoggedOperation>): Map<number, string> {
  const actors = new Map<number, string>();
  for (const r of records) {
    const operation = causedBy.get(r.position);
    if (operation) actors.set(r.sourceRecordPosition, operation.username);
  }
  return actors;
}

function lastAtOrBefore(records: LogRecord[], at: number): LogRecord | undefined {
  let found: LogRecord | undefined;
  for (const r of records) {
    if (r.timestamp > at) break;
    found = r;
  }
  return found;
}

function merge(records: RecordEntry[], operations: OperationEntry[]): TimelineEntry[] {
  const byStep = new Map<number, OperationEntry[]>();
  const beforeAll: OperationEntry[] = [];
  for (const op of operations) {
    const linkedOrBefore = op.causedPosition ?? op.position;
    if (records.length === 0 || (op.causedPosition === undefined && op.timestamp < records[0].timestamp)) beforeAll.push(op);
    else byStep.set(linkedOrBefore, [...(byStep.get(linkedOrBefore) ?? []), op]);
  }
  const result: TimelineEntry[] = [...beforeAll];
  for (const record of records) {
    const ops = byStep.get(record.position) ?? [];
    // The operation that caused a record comes before it; the others happened after it.
    result.push(...ops.filter((op) => op.causedPosition === record.position), record, ...ops.filter((op) => op.causedPosition !== record.position));
  }
  return result;
}
