import type { EngineState } from '../engine/state/engine-state';
import { showVariableToReader, type HistoryReader } from './masking';
import type { InstanceReplay } from './replay';

/** What the replay panel shows at one step: where the tokens were and every variable's value then. */
export interface ReplayFrame {
  position: number;
  timestamp: number;
  /** Element instances alive at that moment (the process itself left out), oldest first. */
  tokens: Array<{ elementInstanceKey: string; elementId: string; elementType: string; state: string }>;
  variables: Array<{ name: string; scope: string; scopeKey: string; value: unknown; masked: boolean }>;
  incidents: Array<{ key: string; elementId: string; errorType: string; errorMessage: string }>;
  jobs: Array<{ key: string; type: string; elementId: string; retries: number }>;
  /** The instance had ended (completed or terminated) by then; the variables are its last values. */
  ended: boolean;
}

export function replayFrame(replay: InstanceReplay, position: number, reader: HistoryReader): ReplayFrame {
  const records = replay.records;
  const key = replay.log.processInstanceKey;
  const ending = records.find((r) => r.key === key && r.recordType === 'EVENT' && (r.intent === 'ELEMENT_COMPLETED' || r.intent === 'ELEMENT_TERMINATED'));
  const ended = !!ending && ending.position <= position;
  const atStep = [...records].reverse().find((r) => r.position <= position) ?? records[0];
  // An ended instance has left state with its variables; its last values are those just before the end.
  const state = replay.stateAt(ended ? ending!.position - 1 : position);
  const frame: ReplayFrame = {
    position,
    timestamp: atStep.timestamp,
    tokens: ended ? [] : tokensOf(state, key),
    variables: variablesOf(state, key, reader),
    incidents: [],
    jobs: [],
    ended,
  };
  const final = replay.stateAt(position);
  for (const incident of final.incidents.values()) {
    if (incident.value.processInstanceKey !== key) continue;
    frame.incidents.push({ key: incident.key, elementId: incident.value.elementId, errorType: incident.value.errorType, errorMessage: incident.value.errorMessage });
  }
  for (const job of final.jobs.values()) {
    if (job.value.processInstanceKey !== key) continue;
    frame.jobs.push({ key: job.key, type: job.value.type, elementId: job.value.elementId, retries: job.value.retries });
  }
  return frame;
}

function tokensOf(state: EngineState, key: string): ReplayFrame['tokens'] {
  const tokens: ReplayFrame['tokens'] = [];
  for (const instance of state.elementInstances.values()) {
    if (instance.value.processInstanceKey !== key || instance.key === key) continue;
    tokens.push({ elementInstanceKey: instance.key, elementId: instance.value.elementId, elementType: instance.value.bpmnElementType, state: instance.state });
  }
  return tokens;
}

function variablesOf(state: EngineState, key: string, reader: HistoryReader): ReplayFrame['variables'] {
  const result: ReplayFrame['variables'] = [];
  for (const [scopeKey, scope] of state.variables) {
    const owner = state.elementInstances.get(scopeKey);
    if (!owner || owner.value.processInstanceKey !== key) continue;
    for (const [name, variable] of scope) {
      const shown = showVariableToReader(reader, name, JSON.parse(variable.json));
      result.push({ name, scope: owner.value.elementId, scopeKey, value: shown.value, masked: shown.masked });
    }
  }
  return result.sort((a, b) => (a.scopeKey === key ? -1 : 0) - (b.scopeKey === key ? -1 : 0) || a.scope.localeCompare(b.scope) || a.name.localeCompare(b.name));
}
