import type { ProcessingContext } from '../context';
import type { ElementModel, ProcessModel, SequenceFlowModel } from '../../model/model';
import type { ElementInstance, ProcessInstanceValue } from '../../state/types';
import { NO_KEY } from '../../log/record';
import { VariableWriter, evaluateMappings } from './variables';
import { behaviourOf } from './behaviours';
import { cancelTimers, openTimers, planTimers } from './timers';
import { closeSubscriptions, openSubscriptions, planSubscriptions } from './message-subscriptions';
import { completeCaller } from './call-activity';
import { collectOutput, innerCompleted } from './multi-instance';
import { startFromBufferedMessage } from '../commands/message-commands';
import { closeSignals, openSignals, planSignals } from './signals';
import { HANDLED, isChoice, isFailure, type Failure } from './failure';

/**
 * The shared lifecycle of every BPMN element, as Zeebe runs it: ACTIVATING → ACTIVATED → COMPLETING →
 * COMPLETED (then the outgoing flows), or TERMINATING → TERMINATED. What differs per element type lives
 * in ./behaviours; a step that fails raises an incident and the element waits in its current state until
 * the incident is resolved, when the same step is tried again.
 *
 * Follow-up steps go on an agenda that is worked off in order (like Zeebe's follow-up commands), so that
 * the branches of a fork advance side by side and a scope is never judged finished while a sibling branch
 * still has a step to take.
 */
export class BpmnRuntime {
  readonly variables: VariableWriter;
  private agenda: Array<() => void> = [];
  /** Flows an element chose while activating (an exclusive gateway), taken when it completes. */
  private readonly chosenFlows = new Map<string, SequenceFlowModel[]>();
  /** Catch events after a triggered event-based gateway, by `${flowScopeKey}/${elementId}`, with the event's variables. */
  private readonly triggeredEvents = new Map<string, Record<string, unknown>>();
  /** Process instances to start at a start event other than the none start event (timer starts). */
  private readonly startEvents = new Map<string, string>();

  constructor(readonly ctx: ProcessingContext) {
    this.variables = new VariableWriter(ctx);
  }

  get state() {
    return this.ctx.state;
  }

  /** Works off every follow-up step; called after each command. */
  runAgenda(): void {
    for (let step = this.agenda.shift(); step; step = this.agenda.shift()) step();
  }

  private schedule(step: () => void): void {
    this.agenda.push(step);
  }

  /** Runs a step after the steps already on the agenda (e.g. correlating a buffered message). */
  later(step: () => void): void {
    this.schedule(step);
  }

  startAt(processInstanceKey: string, startEventId: string): void {
    this.startEvents.set(processInstanceKey, startEventId);
  }

  /** The start event a scope begins with: the one chosen for this instance, else its none start event. */
  startEventOf(scope: ElementInstance, element: ElementModel): ElementModel {
    const chosen = this.startEvents.get(scope.key);
    this.startEvents.delete(scope.key);
    return this.modelOf(scope).elements.get(chosen ?? element.startEventId!)!;
  }

  /** An element leaves by these flows only when it completes (an exclusive gateway's choice, an event-based gateway's event). */
  chooseFlows(elementInstanceKey: string, flows: SequenceFlowModel[]): void {
    this.chosenFlows.set(elementInstanceKey, flows);
  }

  /** The catch event `elementId` in that flow scope is reached through a triggered event-based gateway and passes through with these variables. */
  markTriggered(flowScopeKey: string, elementId: string, variables: Record<string, unknown>): void {
    this.triggeredEvents.set(`${flowScopeKey}/${elementId}`, variables);
  }

  /** Schedules the activation step of an element instance that was just created (ELEMENT_ACTIVATING). */
  scheduleActivation(instance: ElementInstance): void {
    this.schedule(() => this.continueActivation(instance));
  }

  /** Whether this catch event instance was reached through its triggered event-based gateway. */
  wasTriggered(instance: ElementInstance): boolean {
    return this.triggeredEvents.has(`${instance.value.flowScopeKey}/${instance.value.elementId}`);
  }

  /** The body of the multi-instance activity this instance is one iteration of, if it is one. */
  bodyOf(instance: ElementInstance): ElementInstance | undefined {
    const scope = this.state.elementInstances.get(instance.value.flowScopeKey);
    return scope?.value.bpmnElementType === 'MULTI_INSTANCE_BODY' && scope.value.elementId === instance.value.elementId ? scope : undefined;
  }

  /**
   * The element as this instance sees it: an iteration of a multi-instance activity has no boundary events
   * (they belong to the body), and the body is not the task or event itself.
   */
  private viewOf(instance: ElementInstance, element: ElementModel): ElementModel {
    if (instance.value.bpmnElementType === 'MULTI_INSTANCE_BODY') return { ...element, type: 'MULTI_INSTANCE_BODY', inputs: [], outputs: [] };
    if (this.bodyOf(instance)) return { ...element, boundaryEventIds: [] };
    return element;
  }

  modelOf(instance: ElementInstance): ProcessModel {
    return this.state.model(instance.value.processDefinitionKey);
  }

  elementOf(instance: ElementInstance): ElementModel {
    return this.modelOf(instance).elements.get(instance.value.elementId)!;
  }

  /** Creates an element instance in its flow scope (ELEMENT_ACTIVATING); the activation step follows. */
  activate(element: ElementModel, base: ProcessInstanceValue, flowScopeKey: string, key = this.ctx.nextKey()): ElementInstance {
    // A multi-instance activity is entered as its body; the body then starts the element itself inside it.
    const scope = this.state.elementInstances.get(flowScopeKey);
    const insideItsBody = scope?.value.bpmnElementType === 'MULTI_INSTANCE_BODY' && scope.value.elementId === element.id;
    // Frozen: the same value is written at every step of the element's life, and the log writer reuses
    // its JSON (ProcessingContext.jsonOf), which is right only while the value cannot change.
    const value: ProcessInstanceValue = Object.freeze({
      ...base,
      elementId: element.id,
      flowScopeKey,
      bpmnElementType: element.loop && !insideItsBody ? 'MULTI_INSTANCE_BODY' : element.type,
      bpmnEventType: element.eventType,
    });
    this.ctx.event('PROCESS_INSTANCE', 'ELEMENT_ACTIVATING', key, value);
    return this.state.elementInstances.get(key)!;
  }

  /** Creates an element instance and schedules its activation step. */
  activateLater(element: ElementModel, base: ProcessInstanceValue, flowScopeKey: string): ElementInstance {
    const instance = this.activate(element, base, flowScopeKey);
    this.schedule(() => this.continueActivation(instance));
    return instance;
  }

  /** The activation step after ACTIVATING; also the retry after an incident on an activating element. */
  continueActivation(instance: ElementInstance): void {
    if (this.state.elementInstances.get(instance.key)?.state !== 'ELEMENT_ACTIVATING') return;
    const element = this.viewOf(instance, this.elementOf(instance));
    if (element.inputs.length > 0) {
      // The instance's own scope: a multi-instance iteration already holds its item and loopCounter, which
      // Zeebe lets input mappings read; any other element has no locals yet, so it sees its flow scope.
      const result = evaluateMappings(element.inputs, this.state.visibleVariables(instance.key), this.ctx.now, false);
      if (!result.ok) return this.raiseIncident(instance, { errorType: 'IO_MAPPING_ERROR', message: result.message });
      this.variables.setLocal(instance, result.document);
    }
    const behaviour = behaviourOf(instance.value.bpmnElementType);
    const prepared = behaviour.prepare?.(this, instance, this.elementOf(instance));
    if (prepared === HANDLED) return;
    if (isFailure(prepared)) return this.raiseIncident(instance, prepared);
    const timers = planTimers(this, instance, element);
    if (isFailure(timers)) return this.raiseIncident(instance, timers);
    const subscriptions = planSubscriptions(this, instance, element);
    if (isFailure(subscriptions)) return this.raiseIncident(instance, subscriptions);
    const signals = planSignals(this, instance, element);
    if (isFailure(signals)) return this.raiseIncident(instance, signals);
    if (isChoice(prepared)) this.chosenFlows.set(instance.key, prepared.flows);
    behaviour.beforeActivated?.(this, instance, this.elementOf(instance), prepared);
    this.ctx.event('PROCESS_INSTANCE', 'ELEMENT_ACTIVATED', instance.key, instance.value);
    openTimers(this, timers);
    openSubscriptions(this, subscriptions);
    openSignals(this, signals);
    const slot = `${instance.value.flowScopeKey}/${instance.value.elementId}`;
    const triggered = this.triggeredEvents.get(slot);
    if (triggered) {
      this.triggeredEvents.delete(slot);
      if (element.outputs.length > 0) this.variables.setLocal(instance, triggered);
      else this.variables.propagate(instance, triggered);
      return this.completeLater(instance);
    }
    behaviour.onActivated(this, instance, this.elementOf(instance), prepared);
  }

  /** Schedules an activated element to be left (pass-through elements). */
  completeLater(instance: ElementInstance): void {
    this.schedule(() => {
      if (this.state.elementInstances.get(instance.key)?.state === 'ELEMENT_ACTIVATED') this.complete(instance);
    });
  }

  /**
   * Leaves an element: COMPLETING, output mappings, COMPLETED, then its outgoing flows. `whileCompleting`
   * runs right after COMPLETING (a job's result variables are set there, as in Zeebe).
   */
  complete(instance: ElementInstance, whileCompleting?: () => void): void {
    this.ctx.event('PROCESS_INSTANCE', 'ELEMENT_COMPLETING', instance.key, instance.value);
    cancelTimers(this, instance.key);
    closeSubscriptions(this, instance.key);
    closeSignals(this, instance.key);
    whileCompleting?.();
    this.continueCompletion(instance);
  }

  /** The completion step after COMPLETING; also the retry after an incident on a completing element. */
  continueCompletion(instance: ElementInstance): void {
    const model = this.elementOf(instance);
    const element = this.viewOf(instance, model);
    const body = this.bodyOf(instance);
    if (element.outputs.length > 0) {
      const result = evaluateMappings(element.outputs, this.state.visibleVariables(instance.key), this.ctx.now, true);
      if (!result.ok) return this.raiseIncident(instance, { errorType: 'IO_MAPPING_ERROR', message: result.message });
      // An iteration writes from its own scope, as in Zeebe, so that its output element sees what it mapped.
      const scope = body ? instance : this.state.elementInstances.get(instance.value.flowScopeKey);
      if (scope) this.variables.propagate(scope, result.document);
    }
    // The output element is read after the iteration's output mappings (Zeebe collects on the way out).
    if (body) {
      const failure = collectOutput(this, body, instance, model);
      if (failure) return this.raiseIncident(instance, failure);
    }
    if (instance.value.bpmnElementType === 'MULTI_INSTANCE_BODY' && model.loop?.outputCollection) {
      const scope = this.state.elementInstances.get(instance.value.flowScopeKey);
      const name = model.loop.outputCollection;
      if (scope) this.variables.propagate(scope, { [name]: this.state.visibleVariables(instance.key)[name] ?? [] });
    }
    const flows = this.chosenFlows.get(instance.key) ?? element.outgoing;
    this.chosenFlows.delete(instance.key);
    const flowScopeKey = instance.value.flowScopeKey;
    const base = instance.value;
    if (element.type === 'PROCESS') {
      const variables = this.state.visibleVariables(instance.key);
      this.ctx.finishedInstances.push({ processInstanceKey: instance.key, completed: true, variables });
      this.releaseMessageStart(instance);
      this.ctx.event('PROCESS_INSTANCE', 'ELEMENT_COMPLETED', instance.key, instance.value);
      const caller = this.state.elementInstances.get(instance.value.parentElementInstanceKey);
      if (caller) completeCaller(this, caller, variables);
      return;
    }
    this.ctx.event('PROCESS_INSTANCE', 'ELEMENT_COMPLETED', instance.key, instance.value);
    // An iteration does not leave by the activity's flows: its body decides what comes next.
    if (body) return innerCompleted(this, body, model);
    // A link throw event continues at its link catch event, without a sequence flow.
    if (model.linkTargetId) return void this.activateLater(this.modelOf(instance).elements.get(model.linkTargetId)!, base, flowScopeKey);
    this.takeFlows(flows, base, flowScopeKey);
  }

  /**
   * Takes flows out of a completed element: every flow is taken and every target created before any of
   * them is activated, so the scope counts all branches. With no flow, the flow scope may be finished.
   */
  takeFlows(flows: SequenceFlowModel[], base: ProcessInstanceValue, flowScopeKey: string): void {
    if (flows.length === 0) return this.completeScopeIfDone(flowScopeKey);
    const model = this.state.model(base.processDefinitionKey);
    for (const flow of flows) {
      this.ctx.event('PROCESS_INSTANCE', 'SEQUENCE_FLOW_TAKEN', this.ctx.nextKey(), {
        ...base,
        elementId: flow.id,
        flowScopeKey,
        bpmnElementType: 'SEQUENCE_FLOW',
        bpmnEventType: 'UNSPECIFIED',
      });
    }
    for (const flow of flows) {
      const target = model.elements.get(flow.targetId)!;
      if (target.type === 'PARALLEL_GATEWAY' && target.incoming.length > 1 && !this.joinReady(flowScopeKey, target)) continue;
      this.activateLater(target, base, flowScopeKey);
    }
  }

  private joinReady(flowScopeKey: string, gateway: ElementModel): boolean {
    return gateway.incoming.every((flowId) => (this.state.joinTokens.get(`${flowScopeKey}/${flowId}`) ?? 0) > 0);
  }

  /** A scope (process or sub-process) completes when no child is active and no token waits at a join. */
  completeScopeIfDone(scopeKey: string): void {
    const scope = this.state.elementInstances.get(scopeKey);
    if (!scope || scope.state !== 'ELEMENT_ACTIVATED') return;
    if (scope.activeChildren > 0 || this.state.waitingTokens.has(scopeKey)) return;
    this.complete(scope);
  }

  /** Terminates an element and everything inside it, cancelling its job and resolving its incidents. */
  terminate(instance: ElementInstance): void {
    this.ctx.event('PROCESS_INSTANCE', 'ELEMENT_TERMINATING', instance.key, instance.value);
    cancelTimers(this, instance.key);
    closeSubscriptions(this, instance.key);
    closeSignals(this, instance.key);
    for (const child of this.state.childrenOf(instance.key)) this.terminate(child);
    const called = instance.calledInstanceKey ? this.state.elementInstances.get(instance.calledInstanceKey) : undefined;
    if (called) this.terminate(called);
    const job = instance.jobKey ? this.state.jobs.get(instance.jobKey) : undefined;
    if (job && job.state !== 'ERROR_THROWN') this.ctx.event('JOB', 'CANCELED', job.key, job.value);
    for (const incident of this.state.incidentsOf(instance.key)) {
      this.ctx.event('INCIDENT', 'RESOLVED', incident.key, incident.value);
    }
    if (instance.value.bpmnElementType === 'PROCESS') {
      this.ctx.finishedInstances.push({ processInstanceKey: instance.key, completed: false, variables: {} });
      this.releaseMessageStart(instance);
    }
    this.chosenFlows.delete(instance.key);
    this.startEvents.delete(instance.key);
    this.ctx.event('PROCESS_INSTANCE', 'ELEMENT_TERMINATED', instance.key, instance.value);
  }

  raiseIncident(instance: ElementInstance, failure: Failure, jobKey = NO_KEY): void {
    this.ctx.event('INCIDENT', 'CREATED', this.ctx.nextKey(), {
      errorType: failure.errorType,
      errorMessage: failure.message,
      bpmnProcessId: instance.value.bpmnProcessId,
      processDefinitionKey: instance.value.processDefinitionKey,
      processInstanceKey: instance.value.processInstanceKey,
      elementId: instance.value.elementId,
      elementInstanceKey: instance.key,
      jobKey,
      variableScopeKey: instance.key,
      tenantId: instance.value.tenantId,
    });
  }

  /** A process instance a message started with a correlation key lets the next buffered message start one. */
  private releaseMessageStart(instance: ElementInstance): void {
    for (const [slot, key] of this.state.activeMessageStarts) {
      if (key !== instance.key) continue;
      const [bpmnProcessId, correlationKey] = JSON.parse(slot) as [string, string];
      this.later(() => startFromBufferedMessage(this, bpmnProcessId, correlationKey));
    }
  }

  /** The element around an element: its flow scope, or for a called process the call activity that called it. */
  enclosing(instance: ElementInstance): ElementInstance | undefined {
    if (instance.value.flowScopeKey !== NO_KEY) return this.state.elementInstances.get(instance.value.flowScopeKey);
    return this.state.elementInstances.get(instance.value.parentElementInstanceKey);
  }
}
