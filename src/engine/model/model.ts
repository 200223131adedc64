/**
 * The executable form of a BPMN process: what the engine needs at run time, nothing from the XML tree.
 * Attribute values keep Zeebe's convention: text starting with '=' is a FEEL expression.
 */
export type BpmnElementType =
  | 'PROCESS'
  | 'START_EVENT'
  | 'END_EVENT'
  | 'BOUNDARY_EVENT'
  | 'SERVICE_TASK'
  | 'USER_TASK'
  | 'MANUAL_TASK'
  | 'TASK'
  | 'EXCLUSIVE_GATEWAY'
  | 'PARALLEL_GATEWAY'
  | 'SUB_PROCESS'
  | 'INTERMEDIATE_CATCH_EVENT'
  | 'BUSINESS_RULE_TASK'
  | 'SCRIPT_TASK'
  | 'SEND_TASK'
  | 'RECEIVE_TASK'
  | 'CALL_ACTIVITY'
  | 'MULTI_INSTANCE_BODY'
  | 'INTERMEDIATE_THROW_EVENT'
  | 'INCLUSIVE_GATEWAY'
  | 'EVENT_BASED_GATEWAY'
  | 'EVENT_SUB_PROCESS'
  | 'SEQUENCE_FLOW';

export type BpmnEventType = 'NONE' | 'ERROR' | 'TIMER' | 'TERMINATE' | 'MESSAGE' | 'LINK' | 'SIGNAL' | 'ESCALATION' | 'UNSPECIFIED';

export interface MessageDefinition {
  /** The message name, static or '=FEEL'. */
  name: string;
  /** zeebe:subscription correlationKey, '=FEEL' (absent on message start events). */
  correlationKey?: string;
}

/** bpmn:multiInstanceLoopCharacteristics with zeebe:loopCharacteristics. */
export interface LoopDefinition {
  sequential: boolean;
  /** FEEL (without '=') giving the list to iterate over. */
  inputCollection: string;
  inputElement?: string;
  outputCollection?: string;
  /** FEEL (without '='), evaluated in each instance when it completes. */
  outputElement?: string;
  /** FEEL (without '='), checked after each instance completes. */
  completionCondition?: string;
}

export interface CalledElementDefinition {
  /** The called process's BPMN id, static or '=FEEL'. */
  processId: string;
  propagateAllChildVariables: boolean;
  propagateAllParentVariables: boolean;
}

export interface TimerDefinition {
  kind: 'duration' | 'date' | 'cycle';
  /** The ISO 8601 or cron text, or '=FEEL'. */
  text: string;
}

export interface Mapping {
  /** FEEL expression without the leading '=' (a static source is quoted into a string literal). */
  source: string;
  /** Variable name, or a dotted path into a context ("order.id"). */
  target: string;
}

export interface SequenceFlowModel {
  id: string;
  sourceId: string;
  targetId: string;
  /** FEEL condition without '='; only on flows leaving an exclusive gateway. */
  condition?: string;
}

export interface JobDefinition {
  type: string;
  retries: string;
  headers: Record<string, string>;
}

export interface UserTaskDefinition {
  formKey?: string;
  formId?: string;
  assignee?: string;
  candidateGroups?: string;
  candidateUsers?: string;
  dueDate?: string;
  followUpDate?: string;
}

export interface ElementModel {
  id: string;
  name?: string;
  type: BpmnElementType;
  eventType: BpmnEventType;
  /** Id of the enclosing process or sub-process. */
  flowScopeId: string;
  incoming: string[];
  outgoing: SequenceFlowModel[];
  defaultFlowId?: string;
  inputs: Mapping[];
  outputs: Mapping[];
  job?: JobDefinition;
  userTask?: UserTaskDefinition;
  /** For a process or sub-process: its none start event; for an event sub-process: its (only) start event. */
  startEventId?: string;
  /** For a process or sub-process: its event sub-processes. */
  eventSubProcessIds?: string[];
  /** Boundary events attached to this activity, in document order. */
  boundaryEventIds: string[];
  /** For a boundary event: the activity it is attached to, and whether it interrupts it. */
  attachedToId?: string;
  cancelActivity?: boolean;
  /** For error events: the error code caught or thrown; undefined on a boundary means "catch every error". */
  errorCode?: string;
  /** For timer events (start, intermediate catch, boundary). */
  timer?: TimerDefinition;
  /** For a multi-instance activity. */
  loop?: LoopDefinition;
  /** For a call activity. */
  calledElement?: CalledElementDefinition;
  /** For escalation events: the code thrown or caught; undefined on a catch event means "every escalation". */
  escalationCode?: string;
  /** For signal events: the signal's name (static or '=FEEL'). */
  signalName?: string;
  /** For a process: its signal start events. */
  signalStartEventIds?: string[];
  /** For link events: the link's name; a throw event jumps to the catch event of that name in its scope. */
  linkName?: string;
  linkTargetId?: string;
  /** For message events and receive tasks. */
  message?: MessageDefinition;
  /** For a process: its timer and message start events. */
  timerStartEventIds?: string[];
  messageStartEventIds?: string[];
}

export interface ProcessModel {
  bpmnProcessId: string;
  name?: string;
  elements: Map<string, ElementModel>;
  flows: Map<string, SequenceFlowModel>;
}

export const USER_TASK_JOB_TYPE = 'io.camunda.zeebe:userTask';
