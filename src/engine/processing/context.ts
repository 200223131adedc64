import { chainHash, newSalt } from '../log/hash';
import { NO_KEY, type LogRecord, type RecordType, type RejectionType, type ValueType } from '../log/record';
import { applyRecord } from '../state/apply';
import type { EngineState } from '../state/engine-state';

export interface PendingRecord {
  record: LogRecord;
  valueJson: string;
  /** Random per record, stored beside it: hides the value inside its digest (see log/hash.ts). */
  salt: string;
  hash: string;
}

/** A process instance that finished in this batch, with its variables, for callers awaiting its result. */
export interface FinishedInstance {
  processInstanceKey: string;
  completed: boolean;
  variables: Record<string, unknown>;
}

/**
 * The writer that processors use: every record gets the next position, joins the hash chain, and (when it
 * is an event) is applied to state at once, so later steps of the same command see its effect.
 * Records stay here until the batch's transaction commits.
 */
export class ProcessingContext {
  readonly pending: PendingRecord[] = [];
  readonly finishedInstances: FinishedInstance[] = [];
  /** Job types that gained activatable jobs: parked ActivateJobs requests for them may now be answered. */
  readonly jobTypesAvailable = new Set<string>();
  private sourcePosition = -1;
  /** The JSON of the last few frozen values written, oldest first (see jsonOf). */
  private readonly recentValues: object[] = [];
  private readonly recentJson: string[] = [];

  constructor(
    readonly state: EngineState,
    readonly now: number,
  ) {}

  nextKey(): string {
    return this.state.keys.nextKey();
  }

  /** Writes a command from outside; the events that follow point back to it. */
  command(valueType: ValueType, intent: string, key: string, value: object): LogRecord {
    const record = this.append('COMMAND', valueType, intent, key, value, 'NULL_VAL', '');
    this.sourcePosition = record.position;
    return record;
  }

  event(valueType: ValueType, intent: string, key: string, value: object): LogRecord {
    return this.append('EVENT', valueType, intent, key, value, 'NULL_VAL', '');
  }

  rejection(command: LogRecord, rejectionType: RejectionType, reason: string): LogRecord {
    return this.append('COMMAND_REJECTION', command.valueType, command.intent, command.key, command.value, rejectionType, reason);
  }

  private append(
    recordType: RecordType,
    valueType: ValueType,
    intent: string,
    key: string,
    value: object,
    rejectionType: RejectionType,
    rejectionReason: string,
  ): LogRecord {
    const record: LogRecord = {
      position: this.state.lastPosition + 1,
      sourceRecordPosition: recordType === 'COMMAND' ? -1 : this.sourcePosition,
      key: key || NO_KEY,
      timestamp: this.now,
      recordType,
      valueType,
      intent,
      rejectionType,
      // PostgreSQL text cannot hold U+0000, and a reason quotes the request (a process id, say): one such
      // character would fail the write of the whole batch, every other command in it included.
      rejectionReason: rejectionReason.replaceAll('\0', '\uFFFD'),
      partitionId: 1,
      value: value as Record<string, unknown>,
    };
    const valueJson = this.jsonOf(value);
    const salt = newSalt();
    const hash = chainHash(this.state.lastHash, record, valueJson, salt);
    applyRecord(this.state, record, hash);
    this.pending.push({ record, valueJson, salt, hash });
    return record;
  }

  /**
   * A value's JSON. An element instance's value is written again at each step of its life (activating,
   * activated, completing, completed), mostly within one batch: 10 of the 25 records of a one-task instance.
   * Such values are frozen (see BpmnRuntime.activate), so the JSON written for one the last time still holds
   * and is reused. Only flat values are frozen: Object.freeze does not reach into nested objects.
   */
  private jsonOf(value: object): string {
    if (!Object.isFrozen(value)) return JSON.stringify(value);
    const at = this.recentValues.indexOf(value);
    if (at >= 0) return this.recentJson[at];
    const json = JSON.stringify(value);
    if (this.recentValues.length === RECENT_VALUES) {
      this.recentValues.shift();
      this.recentJson.shift();
    }
    this.recentValues.push(value);
    this.recentJson.push(json);
    return json;
  }
}

/** Frozen values whose JSON is kept: the records of one command's element steps come close together. */
const RECENT_VALUES = 4;
