import type { BpmnElementType, ElementModel } from './model';

// Which BPMN elements the engine executes, as which Zeebe element type, and which it accepts and ignores.

export const ELEMENT_TYPES: Record<string, BpmnElementType> = {
  'bpmn:StartEvent': 'START_EVENT',
  'bpmn:EndEvent': 'END_EVENT',
  'bpmn:BoundaryEvent': 'BOUNDARY_EVENT',
  'bpmn:ServiceTask': 'SERVICE_TASK',
  'bpmn:UserTask': 'USER_TASK',
  'bpmn:ManualTask': 'MANUAL_TASK',
  'bpmn:Task': 'TASK',
  'bpmn:ExclusiveGateway': 'EXCLUSIVE_GATEWAY',
  'bpmn:ParallelGateway': 'PARALLEL_GATEWAY',
  'bpmn:SubProcess': 'SUB_PROCESS',
  'bpmn:IntermediateCatchEvent': 'INTERMEDIATE_CATCH_EVENT',
  'bpmn:BusinessRuleTask': 'BUSINESS_RULE_TASK',
  'bpmn:ScriptTask': 'SCRIPT_TASK',
  'bpmn:SendTask': 'SEND_TASK',
  'bpmn:ReceiveTask': 'RECEIVE_TASK',
  'bpmn:CallActivity': 'CALL_ACTIVITY',
  'bpmn:IntermediateThrowEvent': 'INTERMEDIATE_THROW_EVENT',
  'bpmn:InclusiveGateway': 'INCLUSIVE_GATEWAY',
  'bpmn:EventBasedGateway': 'EVENT_BASED_GATEWAY',
};

/** Tasks that Zeebe runs as jobs of a zeebe:taskDefinition type. */
export const JOB_TASKS = new Set<BpmnElementType>(['SERVICE_TASK', 'BUSINESS_RULE_TASK', 'SCRIPT_TASK', 'SEND_TASK']);

/** Elements without behaviour: Zeebe accepts and ignores them. */
export const IGNORED_TYPES = new Set([
  'bpmn:TextAnnotation',
  'bpmn:Association',
  'bpmn:Group',
  'bpmn:DataObject',
  'bpmn:DataObjectReference',
  'bpmn:DataStoreReference',
]);

export function isActivity(element: ElementModel): boolean {
  return ['SERVICE_TASK', 'USER_TASK', 'MANUAL_TASK', 'TASK', 'SUB_PROCESS', 'BUSINESS_RULE_TASK', 'SCRIPT_TASK', 'SEND_TASK', 'RECEIVE_TASK', 'CALL_ACTIVITY'].includes(element.type);
}
