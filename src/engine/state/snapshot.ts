import { KeyGenerator } from '../log/keys';
import { EngineState } from './engine-state';
import { compareKeys, setJobState } from './appliers/job';
import { addTimer } from './appliers/others';
import { addMessage, addSubscription } from './appliers/messages';
import { addSignalSubscription } from './appliers/signals';
import type {
  ElementInstance,
  FormDefinition,
  Incident,
  Job,
  MessageStartSubscription,
  MessageSubscription,
  ProcessDefinition,
  SignalSubscription,
  StoredMessage,
  Timer,
  Variable,
} from './types';

interface SnapshotData {
  lastPosition: number;
  lastHash: string;
  lastKey: string;
  processes: ProcessDefinition[];
  forms: FormDefinition[];
  elementInstances: ElementInstance[];
  joinTokens: Array<[string, number]>;
  waitingTokens: Array<[string, number]>;
  variables: Array<[string, Array<[string, Variable]>]>;
  jobs: Job[];
  incidents: Incident[];
  messages: StoredMessage[];
  timers: Timer[];
  messageSubscriptions: MessageSubscription[];
  messageStartSubscriptions: MessageStartSubscription[];
  activeMessageStarts: Array<[string, string]>;
  signalSubscriptions: SignalSubscription[];
}

/** The state as JSON. Derived indexes are left out and rebuilt on load. Models are rebuilt from the XML. */
export function serializeState(state: EngineState): string {
  const data: SnapshotData = {
    lastPosition: state.lastPosition,
    lastHash: state.lastHash,
    lastKey: state.keys.lastKey(),
    processes: [...state.processes.values()],
    forms: [...state.forms.values()],
    elementInstances: [...state.elementInstances.values()],
    joinTokens: [...state.joinTokens],
    waitingTokens: [...state.waitingTokens],
    variables: [...state.variables].map(([scope, vars]) => [scope, [...vars]]),
    jobs: [...state.jobs.values()],
    incidents: [...state.incidents.values()],
    messages: [...state.messages.values()],
    timers: [...state.timers.values()],
    messageSubscriptions: [...state.messageSubscriptions.values()],
    messageStartSubscriptions: [...state.messageStartSubscriptions.values()],
    activeMessageStarts: [...state.activeMessageStarts],
    signalSubscriptions: [...state.signalSubscriptions.values()],
  };
  return JSON.stringify(data);
}

export function deserializeState(text: string): EngineState {
  const data = JSON.parse(text) as SnapshotData;
  const state = new EngineState();
  state.lastPosition = data.lastPosition;
  state.lastHash = data.lastHash;
  state.keys = new KeyGenerator(data.lastKey);
  for (const p of data.processes) {
    state.processes.set(p.key, p);
    state.processVersions.set(p.bpmnProcessId, [...(state.processVersions.get(p.bpmnProcessId) ?? []), p]);
  }
  for (const f of data.forms) {
    state.forms.set(f.key, f);
    state.formVersions.set(f.formId, [...(state.formVersions.get(f.formId) ?? []), f]);
  }
  for (const instance of data.elementInstances) {
    state.elementInstances.set(instance.key, instance);
    const scopeKey = instance.value.flowScopeKey;
    if (scopeKey !== '-1') {
      let siblings = state.children.get(scopeKey);
      if (!siblings) state.children.set(scopeKey, (siblings = new Set()));
      siblings.add(instance.key);
    }
  }
  for (const [slot, count] of data.joinTokens) state.joinTokens.set(slot, count);
  for (const [scope, count] of data.waitingTokens) state.waitingTokens.set(scope, count);
  for (const [scope, vars] of data.variables) state.variables.set(scope, new Map(vars));
  for (const job of byKey(data.jobs)) {
    state.jobs.set(job.key, job);
    setJobState(state, job, job.state);
  }
  for (const incident of data.incidents) state.incidents.set(incident.key, incident);
  for (const message of byKey(data.messages)) addMessage(state, message);
  for (const subscription of byKey(data.messageSubscriptions ?? [])) addSubscription(state, subscription.key, subscription.value);
  for (const subscription of data.messageStartSubscriptions ?? []) state.messageStartSubscriptions.set(subscription.key, subscription);
  for (const [slot, key] of data.activeMessageStarts ?? []) state.activeMessageStarts.set(slot, key);
  for (const subscription of byKey(data.signalSubscriptions ?? [])) addSignalSubscription(state, subscription.key, subscription.value);
  for (const timer of data.timers ?? []) addTimer(state, timer.key, timer.value);
  return state;
}

/** Oldest key first, so that jobs are handed out in the order they were created, as before the restart. */
function byKey<T extends { key: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => compareKeys(a.key, b.key));
}
