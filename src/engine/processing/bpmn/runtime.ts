import type { ProcessingContext } from '../context';
import type { ElementModel, ProcessModel, SequenceFlowModel } from '../../model/model';
import type { ElementInstance, IncidentErrorType, ProcessInstanceValue } from '../../state/types';
import { NO_KEY } from '../../log/record';
import { VariableWriter, evaluateMappings } from './variables';
import { behaviourOf } from './behaviours';

/** A step that could not be done: becomes an incident on the element (Zeebe's "failure" values). */
export interface Failure {
  errorType: IncidentErrorType;
  message: string;
}

export function isFailure(value: unknown): value is Failure {
  return typeof value === 'object' && value !== null && 'errorType' in value && 'message' in value;
}

/**
 * The shared lifecycle of every BPMN element, as Zeebe runs it: ACTIVATING → ACTIVATED → COMPLETING →
 * COMPLETED (then the outgoing flows), or TERMINATING → TERMINATED. What differs per element type lives
 * in ./behaviours; a step that fails raises an incident and the element waits in its current state until
 * the incident is resolved, when the same step is tried again.
 */
export class BpmnRuntime {
  readonly variables: VariableWriter;

  constructor(readonly ctx: ProcessingContext) {
    this.variables = new VariableWriter(ctx);
  }

  get state() {
    return this.ctx.state;
  }

  modelOf(instance: ElementInstance): ProcessModel {
    return this.state.model(instance.value.processDefinitionKey);
  }

  elementOf(instance: ElementInstance): ElementModel {
    return this.modelOf(instance).elements.get(instance.value.elementId)!;
  }

  /** Starts a new element inside a flow scope (or a process instance when flowScope is undefined). */
  activate(element: ElementModel, base: ProcessInstanceValue, flowScopeKey: string, key = this.ctx.nextKey()): ElementInstance {
    const value: ProcessInstanceValue = {
      ...base,
      elementId: element.id,
      flowScopeKey,
      bpmnElementType: element.type,
      bpmnEventType: element.eventType,
    };
    this.ctx.event('PROCESS_INSTANCE', 'ELEMENT_ACTIVATING', key, value);
    const instance = this.state.elementInstances.get(key)!;
    return instance;
  }

  /** The activation step after ACTIVATING; also the retry after an incident on an activating element. */
  continueActivation(instance: ElementInstance): void {
    const element = this.elementOf(instance);
    if (element.inputs.length > 0) {
      const scopeKey = instance.value.flowScopeKey === NO_KEY ? instance.key : instance.value.flowScopeKey;
      const result = evaluateMappings(element.inputs, this.state.visibleVariables(scopeKey), this.ctx.now);
      if (!result.ok) return this.raiseIncident(instance, { errorType: 'IO_MAPPING_ERROR', message: result.message });
      this.variables.setLocal(instance, result.document);
    }
    const behaviour = behaviourOf(element.type);
    const prepared = behaviour.prepare?.(this, instance, element);
    if (isFailure(prepared)) return this.raiseIncident(instance, prepared);
    this.ctx.event('PROCESS_INSTANCE', 'ELEMENT_ACTIVATED', instance.key, instance.value);
    behaviour.onActivated(this, instance, element, prepared);
  }

  /** After an incident on an element that is already activated (an uncaught error end event): do its work again. */
  retryActivated(instance: ElementInstance): void {
    const element = this.elementOf(instance);
    if (element.type === 'END_EVENT') behaviourOf(element.type).onActivated(this, instance, element, undefined);
  }

  /** Leaves an element: COMPLETING, output mappings, COMPLETED, then its outgoing flows. */
  complete(instance: ElementInstance): void {
    this.ctx.event('PROCESS_INSTANCE', 'ELEMENT_COMPLETING', instance.key, instance.value);
    this.continueCompletion(instance);
  }

  /** The completion step after COMPLETING; also the retry after an incident on a completing element. */
  continueCompletion(instance: ElementInstance): void {
    const element = this.elementOf(instance);
    const behaviour = behaviourOf(element.type);
    if (element.outputs.length > 0) {
      const result = evaluateMappings(element.outputs, this.state.visibleVariables(instance.key), this.ctx.now);
      if (!result.ok) return this.raiseIncident(instance, { errorType: 'IO_MAPPING_ERROR', message: result.message });
      const scope = this.state.elementInstances.get(instance.value.flowScopeKey);
      if (scope) this.variables.propagate(scope, result.document);
    } else if (behaviour.propagatesLocalVariables) {
      this.propagateLocalVariables(instance);
    }
    const flows = behaviour.outgoingFlows ? behaviour.outgoingFlows(this, instance, element) : element.outgoing;
    if (isFailure(flows)) return this.raiseIncident(instance, flows);
    const flowScopeKey = instance.value.flowScopeKey;
    const base = instance.value;
    if (element.type === 'PROCESS') {
      this.ctx.finishedInstances.push({
        processInstanceKey: instance.key,
        completed: true,
        variables: this.state.visibleVariables(instance.key),
      });
    }
    this.ctx.event('PROCESS_INSTANCE', 'ELEMENT_COMPLETED', instance.key, instance.value);
    this.takeFlows(flows, base, flowScopeKey);
  }

  /** Event elements hand the variables they received (error variables) to their scope when they have no output mappings. */
  private propagateLocalVariables(instance: ElementInstance): void {
    const local = this.state.variables.get(instance.key);
    const scope = this.state.elementInstances.get(instance.value.flowScopeKey);
    if (!local || local.size === 0 || !scope) return;
    const document: Record<string, unknown> = {};
    for (const [name, variable] of local) document[name] = JSON.parse(variable.json);
    this.variables.propagate(scope, document);
  }

  /** Takes flows out of a completed element; with none, the flow scope may be finished. */
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
      const target = model.elements.get(flow.targetId)!;
      if (target.type === 'PARALLEL_GATEWAY' && target.incoming.length > 1 && !this.joinReady(flowScopeKey, target)) continue;
      const instance = this.activate(target, base, flowScopeKey);
      this.continueActivation(instance);
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
    for (const child of this.state.childrenOf(instance.key)) this.terminate(child);
    const job = instance.jobKey ? this.state.jobs.get(instance.jobKey) : undefined;
    if (job && job.state !== 'ERROR_THROWN') this.ctx.event('JOB', 'CANCELED', job.key, job.value);
    for (const incident of this.state.incidentsOf(instance.key)) {
      this.ctx.event('INCIDENT', 'RESOLVED', incident.key, incident.value);
    }
    if (instance.value.bpmnElementType === 'PROCESS') {
      this.ctx.finishedInstances.push({ processInstanceKey: instance.key, completed: false, variables: {} });
    }
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

  /**
   * Throws a BPMN error from an element: the nearest enclosing activity with an error boundary event for the
   * code (a catch-all boundary counts when no boundary names the code) is terminated and the boundary taken.
   * Returns false when nothing catches it; the caller then raises the incident.
   */
  throwError(from: ElementInstance, errorCode: string, variables: Record<string, unknown>): boolean {
    for (let host: ElementInstance | undefined = from; host; host = this.state.elementInstances.get(host.value.flowScopeKey)) {
      const boundary = this.findErrorBoundary(host, errorCode);
      if (!boundary) continue;
      const flowScopeKey = host.value.flowScopeKey;
      const base = host.value;
      this.terminate(host);
      const caught = this.activate(boundary, base, flowScopeKey);
      if (Object.keys(variables).length > 0) this.variables.setLocal(caught, variables);
      this.continueActivation(caught);
      return true;
    }
    return false;
  }

  private findErrorBoundary(host: ElementInstance, errorCode: string): ElementModel | undefined {
    const model = this.modelOf(host);
    let catchAll: ElementModel | undefined;
    for (const id of model.elements.get(host.value.elementId)!.boundaryEventIds) {
      const boundary = model.elements.get(id)!;
      if (boundary.eventType !== 'ERROR') continue;
      if (boundary.errorCode === errorCode) return boundary;
      if (boundary.errorCode === undefined) catchAll ??= boundary;
    }
    return catchAll;
  }
}
