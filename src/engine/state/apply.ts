import type { LogRecord } from '../log/record';
import type { EngineState } from './engine-state';
import { processInstanceAppliers } from './appliers/process-instance';
import { jobAppliers, jobBatchAppliers } from './appliers/job';
import { otherAppliers } from './appliers/others';
import {
  messageAppliers,
  messageStartSubscriptionAppliers,
  messageSubscriptionAppliers,
  processMessageSubscriptionAppliers,
} from './appliers/messages';
import { signalSubscriptionAppliers } from './appliers/signals';

const APPLIERS: Record<string, Record<string, (state: EngineState, record: LogRecord) => void>> = {
  PROCESS_INSTANCE: processInstanceAppliers,
  JOB: jobAppliers,
  JOB_BATCH: jobBatchAppliers,
  ...otherAppliers,
  MESSAGE: messageAppliers,
  PROCESS_MESSAGE_SUBSCRIPTION: processMessageSubscriptionAppliers,
  MESSAGE_SUBSCRIPTION: messageSubscriptionAppliers,
  MESSAGE_START_EVENT_SUBSCRIPTION: messageStartSubscriptionAppliers,
  SIGNAL_SUBSCRIPTION: signalSubscriptionAppliers,
};

/**
 * Applies one record to state. Only events change state; commands and rejections are history.
 * Every record advances the position, the hash chain and the key generator, so replay ends where the log ends.
 */
export function applyRecord(state: EngineState, record: LogRecord, hash: string): void {
  state.lastPosition = record.position;
  state.lastHash = hash;
  state.keys.observe(record.key);
  if (record.recordType !== 'EVENT') return;
  APPLIERS[record.valueType]?.[record.intent]?.(state, record);
}
