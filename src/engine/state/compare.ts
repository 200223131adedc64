import type { EngineState } from './engine-state';
import { readSnapshotData, serializeState } from './snapshot';

/**
 * A canonical view of state for comparing two states (live against replayed): maps sorted by key, so that
 * the insertion order of maps, which replay may change, does not count as a difference.
 */
export function canonicalState(state: EngineState): unknown {
  const data = readSnapshotData(serializeState(state)) as unknown as Record<string, any[]>;
  for (const field of ['processes', 'forms', 'elementInstances', 'jobs', 'incidents', 'messages', 'timers', 'messageSubscriptions', 'messageStartSubscriptions', 'signalSubscriptions']) {
    data[field].sort((a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key));
  }
  for (const field of ['joinTokens', 'waitingTokens', 'variables', 'activeMessageStarts']) {
    data[field].sort((a: [string], b: [string]) => a[0].localeCompare(b[0]));
  }
  for (const entry of data.variables) entry[1].sort((a: [string], b: [string]) => a[0].localeCompare(b[0]));
  return data;
}
