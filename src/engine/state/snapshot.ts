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

export interface SnapshotData {
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

/** The fields of SnapshotData that hold one entry per item of the state, and so grow with it. */
type Collection = Exclude<keyof SnapshotData, 'lastPosition' | 'lastHash' | 'lastKey'>;

/**
 * Characters after which a part is closed. A part stays below V8's large-object size (128 KB, even as a
 * two-byte string) unless its last item is large (a process's XML, a big variable), so it is made in the
 * young generation and, written at once and dropped, dies there. With parts of a megabyte, each was a large
 * object that only a full collection frees: 200-440 MB of them piled up while 100,000 waiting instances
 * were created on PGlite (1,132-1,323 MB RSS), against 24-61 MB with these (1,022 MB).
 */
export const PART_CHARS = 60_000;

/**
 * The state as JSON texts ("parts") of about 60,000 characters each, so that neither a string nor a database
 * value ever holds the whole state. Each part is an object with the position fields (part 0 only) and slices of
 * the collections; concatenating the slices, in part order, gives SnapshotData. Derived indexes are left out
 * and rebuilt on load; models are rebuilt from the XML.
 *
 * Parts are made as they are asked for, so that a snapshot being written holds a part or a statement's worth
 * in memory, not the whole state (100,000 waiting instances make about 115 MB of parts). The state must
 * therefore not change until the last part has been taken: the engine processes no batch meanwhile, and a
 * part asked for after the state moved on fails the snapshot instead of mixing two states. The position
 * fields are read at the call, not at the first part.
 */
export function serializeState(state: EngineState): Iterable<string> {
  const position = state.lastPosition;
  const header = [`"lastPosition":${JSON.stringify(position)}`, `"lastHash":${JSON.stringify(state.lastHash)}`, `"lastKey":${JSON.stringify(state.keys.lastKey())}`];
  return partsOf(state, position, header);
}

function* partsOf(state: EngineState, position: number, header: string[]): Generator<string, void, undefined> {
  const collections: { [C in Collection]: Iterable<SnapshotData[C][number]> } = {
    processes: state.processes.values(),
    forms: state.forms.values(),
    elementInstances: state.elementInstances.values(),
    joinTokens: state.joinTokens,
    waitingTokens: state.waitingTokens,
    variables: mapEntries(state.variables, (vars) => [...vars]),
    jobs: state.jobs.values(),
    incidents: state.incidents.values(),
    messages: state.messages.values(),
    timers: state.timers.values(),
    messageSubscriptions: state.messageSubscriptions.values(),
    messageStartSubscriptions: state.messageStartSubscriptions.values(),
    activeMessageStarts: state.activeMessageStarts,
    signalSubscriptions: state.signalSubscriptions.values(),
  };
  let fields = header;
  let size = 0;
  let yielded = false;
  const takePart = (): string => {
    if (state.lastPosition !== position) {
      throw new Error(`Expected the state to stay at position ${position} while its snapshot is made, but it moved to ${state.lastPosition}`);
    }
    const part = `{${fields.join(',')}}`;
    fields = [];
    size = 0;
    yielded = true;
    return part;
  };
  for (const [name, items] of Object.entries(collections)) {
    let slice: string[] = [];
    const closeSlice = () => fields.push(`${JSON.stringify(name)}:[${slice.join(',')}]`);
    for (const item of items) {
      const json = JSON.stringify(item);
      slice.push(json);
      size += json.length;
      if (size >= PART_CHARS) {
        closeSlice();
        slice = [];
        yield takePart();
      }
    }
    if (slice.length > 0) closeSlice();
  }
  if (fields.length > 0 || !yielded) yield takePart();
}

/** The parts of a snapshot joined into one SnapshotData. A snapshot written as one text is one part. */
export function readSnapshotData(parts: Iterable<string>): SnapshotData {
  const data: Record<string, unknown> = { lastPosition: 0, lastHash: '', lastKey: '0' };
  for (const name of Object.keys(IS_COLLECTION)) data[name] = [];
  for (const part of parts) {
    for (const [name, value] of Object.entries(JSON.parse(part) as Record<string, unknown>)) {
      if (!Object.hasOwn(IS_COLLECTION, name)) data[name] = value;
      // Item by item: a part holds thousands, more than push(...items) may pass as arguments.
      else for (const item of value as unknown[]) (data[name] as unknown[]).push(item);
    }
  }
  return data as unknown as SnapshotData;
}

/** Every collection field, checked complete by the compiler. */
const IS_COLLECTION = {
  processes: true,
  forms: true,
  elementInstances: true,
  joinTokens: true,
  waitingTokens: true,
  variables: true,
  jobs: true,
  incidents: true,
  messages: true,
  timers: true,
  messageSubscriptions: true,
  messageStartSubscriptions: true,
  activeMessageStarts: true,
  signalSubscriptions: true,
} satisfies Record<Collection, true>;

function* mapEntries<K, V, W>(map: Map<K, V>, convert: (value: V) => W): Iterable<[K, W]> {
  for (const [key, value] of map) yield [key, convert(value)];
}

export function deserializeState(parts: Iterable<string>): EngineState {
  const data = readSnapshotData(parts);
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
  for (const subscription of byKey(data.messageSubscriptions)) addSubscription(state, subscription.key, subscription.value);
  for (const subscription of data.messageStartSubscriptions) state.messageStartSubscriptions.set(subscription.key, subscription);
  for (const [slot, key] of data.activeMessageStarts) state.activeMessageStarts.set(slot, key);
  for (const subscription of byKey(data.signalSubscriptions)) addSignalSubscription(state, subscription.key, subscription.value);
  for (const timer of data.timers) addTimer(state, timer.key, timer.value);
  return state;
}

/** Oldest key first, so that jobs are handed out in the order they were created, as before the restart. */
function byKey<T extends { key: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => compareKeys(a.key, b.key));
}
