import type { LogStore } from './log/log-store';
import { EngineState } from './state/engine-state';
import { deserializeState } from './state/snapshot';
import { applyRecord } from './state/apply';
import { compileProcessXml } from './model/compile';

const PAGE = 10_000;

/**
 * Rebuilds state from the newest snapshot plus every record after it. Process models are compiled from the
 * stored XML before the records that need them are applied.
 */
export async function recoverState(store: LogStore, options: { useSnapshot?: boolean } = {}): Promise<EngineState> {
  const snapshot = options.useSnapshot === false ? undefined : await store.latestSnapshot();
  const state = snapshot ? deserializeState(snapshot.parts) : new EngineState();
  for (const definition of state.processes.values()) {
    state.models.set(definition.key, await compileProcessXml(definition.resource, definition.bpmnProcessId));
  }
  for (;;) {
    const page = await store.readAfter(state.lastPosition, PAGE);
    if (page.length === 0) break;
    for (const { record } of page) {
      if (record.valueType === 'PROCESS' && record.intent === 'CREATED' && record.recordType === 'EVENT') {
        const value = record.value as { resource: string; bpmnProcessId: string };
        state.models.set(record.key, await compileProcessXml(value.resource, value.bpmnProcessId));
      }
    }
    for (const { record, hash } of page) applyRecord(state, record, hash);
  }
  return state;
}
