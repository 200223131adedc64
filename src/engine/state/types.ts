import type { BpmnElementType, BpmnEventType } from '../model/model';

/** Lifecycle states of an element instance, as Zeebe names its intents. */
export type ElementState =
  | 'ELEMENT_ACTIVATING'
  | 'ELEMENT_ACTIVATED'
  | 'ELEMENT_COMPLETING'
  | 'ELEMENT_COMPLETED'
  | 'ELEMENT_TERMINATING'
  | 'ELEMENT_TERMINATED';

export interface ProcessDefinition {
  key: string;
  bpmnProcessId: string;
  version: number;
  resourceName: string;
  checksum: string;
  deploymentKey: string;
  /** The BPMN XML of the whole resource; the model is rebuilt from it after a restart. */
  resource: string;
}

export interface FormDefinition {
  key: string;
  formId: string;
  version: number;
  resourceName: string;
  checksum: string;
  deploymentKey: string;
  resource: string;
}

/** The process-instance record value, exactly as it is written to the log. */
export interface ProcessInstanceValue {
  bpmnProcessId: string;
  version: number;
  processDefinitionKey: string;
  processInstanceKey: string;
  elementId: string;
  flowScopeKey: string;
  bpmnElementType: BpmnElementType;
  bpmnEventType: BpmnEventType;
  parentProcessInstanceKey: string;
  parentElementInstanceKey: string;
  tenantId: string;
}

export interface ElementInstance {
  key: string;
  state: ElementState;
  value: ProcessInstanceValue;
  /** Children not yet completed or terminated; a scope completes when this and its waiting tokens reach zero. */
  activeChildren: number;
  jobKey?: string;
  /** For a call activity: the process instance it started. */
  calledInstanceKey?: string;
  /** For a multi-instance body: how many inner instances were started and completed so far. */
  loop?: { activated: number; completed: number };
}

export type JobState = 'ACTIVATABLE' | 'ACTIVATED' | 'FAILED' | 'ERROR_THROWN';

/** The job record value as written to the log. */
export interface JobValue {
  type: string;
  worker: string;
  retries: number;
  retryBackoff: number;
  recurringTime: number;
  deadline: number;
  timeout: number;
  customHeaders: Record<string, string>;
  errorMessage: string;
  errorCode: string;
  variables: Record<string, unknown>;
  bpmnProcessId: string;
  processDefinitionVersion: number;
  processDefinitionKey: string;
  processInstanceKey: string;
  elementId: string;
  elementInstanceKey: string;
  tenantId: string;
}

export interface Job {
  key: string;
  state: JobState;
  value: JobValue;
}

export type IncidentErrorType =
  | 'JOB_NO_RETRIES'
  | 'CONDITION_ERROR'
  | 'IO_MAPPING_ERROR'
  | 'EXTRACT_VALUE_ERROR'
  | 'UNHANDLED_ERROR_EVENT'
  | 'FORM_NOT_FOUND'
  | 'CALLED_ELEMENT_ERROR'
  | 'UNKNOWN';

export interface IncidentValue {
  errorType: IncidentErrorType;
  errorMessage: string;
  bpmnProcessId: string;
  processDefinitionKey: string;
  processInstanceKey: string;
  elementId: string;
  elementInstanceKey: string;
  jobKey: string;
  variableScopeKey: string;
  tenantId: string;
}

export interface Incident {
  key: string;
  value: IncidentValue;
}

export interface Variable {
  key: string;
  /** The value as JSON text, as Zeebe records it. */
  json: string;
}

export interface MessageValue {
  name: string;
  correlationKey: string;
  timeToLive: number;
  messageId: string;
  variables: Record<string, unknown>;
  deadline: number;
  tenantId: string;
}

export interface StoredMessage {
  key: string;
  value: MessageValue;
  /** Processes (bpmnProcessId) this message has been correlated to: at most once each, as in Zeebe. */
  correlatedProcesses: string[];
}

/** The timer record value as written to the log. */
export interface TimerValue {
  /** The element instance that waits (an intermediate catch event or the host of a boundary event); -1 for a start event. */
  elementInstanceKey: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  /** The timer event's element id. */
  targetElementId: string;
  dueDate: number;
  /** How many more times a cycle fires after this one; -1 for ever. */
  repetitions: number;
  tenantId: string;
}

export interface Timer {
  key: string;
  value: TimerValue;
}

/** An open message subscription of a waiting element (PROCESS_MESSAGE_SUBSCRIPTION and MESSAGE_SUBSCRIPTION values). */
export interface MessageSubscriptionValue {
  processInstanceKey: string;
  elementInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  /** The catch event, receive task or boundary event the message is for. */
  elementId: string;
  messageName: string;
  correlationKey: string;
  interrupting: boolean;
  messageKey: string;
  variables: Record<string, unknown>;
  tenantId: string;
}

export interface MessageSubscription {
  key: string;
  value: MessageSubscriptionValue;
}

/** A message start event of a deployed process version, listening for its message name. */
export interface MessageStartSubscriptionValue {
  processDefinitionKey: string;
  bpmnProcessId: string;
  startEventId: string;
  messageName: string;
  messageKey: string;
  correlationKey: string;
  processInstanceKey: string;
  variables: Record<string, unknown>;
  tenantId: string;
}

export interface MessageStartSubscription {
  key: string;
  value: MessageStartSubscriptionValue;
}

/** A signal catch event, boundary event, event-gateway target or start event listening for a signal name. */
export interface SignalSubscriptionValue {
  signalName: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  /** The catch, boundary or start event. */
  catchEventId: string;
  /** The element instance that waits (the catch event, the boundary's activity, the gateway); -1 for a start event. */
  catchEventInstanceKey: string;
  tenantId: string;
}

export interface SignalSubscription {
  key: string;
  value: SignalSubscriptionValue;
}
