import type { ProcessModel } from '../model/model';
import { KeyGenerator } from '../log/keys';
import { GENESIS_HASH } from '../log/hash';
import { DueIndex } from './due-index';
import type {
  ElementInstance,
  FormDefinition,
  Incident,
  Job,
  ProcessDefinition,
  MessageStartSubscription,
  MessageSubscription,
  SignalSubscription,
  StoredMessage,
  Timer,
  Variable,
} from './types';

/**
 * Everything the engine knows, as a projection of the log. Processors only read it; the appliers in
 * ./appliers are the only code that changes it, so replaying the log always yields the same state.
 */
export class EngineState {
  lastPosition = 0;
  lastHash = GENESIS_HASH;
  keys = new KeyGenerator();

  readonly processes = new Map<string, ProcessDefinition>();
  readonly processVersions = new Map<string, ProcessDefinition[]>();
  readonly forms = new Map<string, FormDefinition>();
  readonly formVersions = new Map<string, FormDefinition[]>();
  /** Executable models by process definition key; immutable, rebuilt from the stored XML after a restart. */
  readonly models = new Map<string, ProcessModel>();

  readonly elementInstances = new Map<string, ElementInstance>();
  /** Keys of the live children of each scope. Derived from elementInstances. */
  readonly children = new Map<string, Set<string>>();
  /** Tokens waiting at a parallel join, by `${flowScopeKey}/${sequenceFlowId}`. */
  readonly joinTokens = new Map<string, number>();
  /** Total join tokens waiting per flow scope: a scope with waiting tokens is not finished. */
  readonly waitingTokens = new Map<string, number>();
  readonly variables = new Map<string, Map<string, Variable>>();

  readonly jobs = new Map<string, Job>();
  /** Activatable job keys by job type, oldest first. Derived from jobs. */
  readonly activatableJobs = new Map<string, Set<string>>();
  /** Activated jobs by deadline and failed jobs by back-off end. Derived from jobs. */
  readonly jobDeadlines = new DueIndex();
  readonly jobBackoffs = new DueIndex();

  readonly timers = new Map<string, Timer>();
  /** Timers by due date, and by the element instance (or, for start events, the process definition) they belong to. Derived from timers. */
  readonly timerDueDates = new DueIndex();
  readonly timersByOwner = new Map<string, Set<string>>();

  readonly messageSubscriptions = new Map<string, MessageSubscription>();
  /** Open subscriptions by `${messageName}/${correlationKey}` and by element instance. Derived. */
  readonly subscriptionsByCorrelation = new Map<string, Set<string>>();
  readonly subscriptionsByElement = new Map<string, Set<string>>();
  readonly messageStartSubscriptions = new Map<string, MessageStartSubscription>();
  /** Messages by `${name}/${correlationKey}`, oldest first, for correlating buffered messages. Derived. */
  readonly messagesByCorrelation = new Map<string, Set<string>>();
  /** Instances started by a message start event with a correlation key, by `${bpmnProcessId}/${correlationKey}`. */
  readonly activeMessageStarts = new Map<string, string>();

  readonly signalSubscriptions = new Map<string, SignalSubscription>();
  /** Signal subscriptions by signal name and by owner (element instance, or `definition:<key>`). Derived. */
  readonly signalSubscriptionsByName = new Map<string, Set<string>>();
  readonly signalSubscriptionsByOwner = new Map<string, Set<string>>();

  readonly incidents = new Map<string, Incident>();
  readonly messages = new Map<string, StoredMessage>();
  readonly messageIds = new Map<string, string>();
  readonly messageExpiries = new DueIndex();

  latestProcess(bpmnProcessId: string): ProcessDefinition | undefined {
    const versions = this.processVersions.get(bpmnProcessId);
    return versions?.[versions.length - 1];
  }

  processByVersion(bpmnProcessId: string, version: number): ProcessDefinition | undefined {
    return this.processVersions.get(bpmnProcessId)?.find((p) => p.version === version);
  }

  latestForm(formId: string): FormDefinition | undefined {
    const versions = this.formVersions.get(formId);
    return versions?.[versions.length - 1];
  }

  model(processDefinitionKey: string): ProcessModel {
    const model = this.models.get(processDefinitionKey);
    if (!model) throw new Error(`no model loaded for process definition ${processDefinitionKey}`);
    return model;
  }

  /** The variables held by one scope itself, parsed. */
  localVariables(scopeKey: string): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (const [name, variable] of this.variables.get(scopeKey) ?? []) result[name] = JSON.parse(variable.json);
    return result;
  }

  /** Variables visible from a scope: its own over its parents', up to the process instance. */
  visibleVariables(scopeKey: string): Record<string, unknown> {
    const chain: string[] = [];
    for (let key: string | undefined = scopeKey; key && key !== '-1'; ) {
      chain.push(key);
      key = this.elementInstances.get(key)?.value.flowScopeKey;
    }
    const result: Record<string, unknown> = {};
    for (let i = chain.length - 1; i >= 0; i--) Object.assign(result, this.localVariables(chain[i]));
    return result;
  }

  /** The scope in the chain from scopeKey upward that already holds name, or undefined. */
  scopeHolding(scopeKey: string, name: string): string | undefined {
    for (let key: string | undefined = scopeKey; key && key !== '-1'; ) {
      if (this.variables.get(key)?.has(name)) return key;
      key = this.elementInstances.get(key)?.value.flowScopeKey;
    }
    return undefined;
  }

  variable(scopeKey: string, name: string): Variable | undefined {
    return this.variables.get(scopeKey)?.get(name);
  }

  /** Timers waiting for an element instance, or for a process definition's start events. */
  timersOf(owner: string): Timer[] {
    return [...(this.timersByOwner.get(owner) ?? [])].map((key) => this.timers.get(key)!);
  }

  incidentsOf(elementInstanceKey: string): Incident[] {
    const result: Incident[] = [];
    for (const incident of this.incidents.values()) {
      if (incident.value.elementInstanceKey === elementInstanceKey) result.push(incident);
    }
    return result;
  }

  childrenOf(scopeKey: string): ElementInstance[] {
    return [...(this.children.get(scopeKey) ?? [])].map((key) => this.elementInstances.get(key)!);
  }
}
