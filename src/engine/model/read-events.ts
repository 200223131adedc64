import { isExpression } from '../feel/expression';
import { evaluateTimer } from '../feel/timer-expressions';
import type { BpmnElementType, ElementModel, MessageDefinition, TimerDefinition } from './model';
import { checkAttribute } from './check-attribute';
import { extensionElements, readTaskDefinition } from './read-extensions';

// Reads a flow node's event definition (error, timer, message, signal, escalation, link, terminate) and checks it is allowed where it stands.

/** Event definitions each kind of event may carry here (none means no definition). */
const ALLOWED_EVENTS: Partial<Record<BpmnElementType, string[]>> = {
  START_EVENT: ['none', 'bpmn:TimerEventDefinition', 'bpmn:MessageEventDefinition', 'bpmn:SignalEventDefinition', 'bpmn:ErrorEventDefinition', 'bpmn:EscalationEventDefinition'],
  END_EVENT: ['none', 'bpmn:ErrorEventDefinition', 'bpmn:TerminateEventDefinition', 'bpmn:MessageEventDefinition', 'bpmn:SignalEventDefinition', 'bpmn:EscalationEventDefinition'],
  BOUNDARY_EVENT: ['bpmn:ErrorEventDefinition', 'bpmn:TimerEventDefinition', 'bpmn:MessageEventDefinition', 'bpmn:SignalEventDefinition', 'bpmn:EscalationEventDefinition'],
  INTERMEDIATE_CATCH_EVENT: ['bpmn:TimerEventDefinition', 'bpmn:MessageEventDefinition', 'bpmn:LinkEventDefinition', 'bpmn:SignalEventDefinition'],
  INTERMEDIATE_THROW_EVENT: ['none', 'bpmn:MessageEventDefinition', 'bpmn:LinkEventDefinition', 'bpmn:SignalEventDefinition', 'bpmn:EscalationEventDefinition'],
};

export function readEventDefinition(node: any, element: ElementModel, where: string, errors: string[]): void {
  const allowed = ALLOWED_EVENTS[element.type];
  if (!allowed) return;
  const definitions: any[] = node.eventDefinitions ?? [];
  if (definitions.length > 1) errors.push(`${where}: expected at most one event definition, but found ${definitions.length}`);
  const definition = definitions[0];
  const kind = definition ? definition.$type : 'none';
  if (!allowed.includes(kind)) {
    const found = definition ? definition.$type.replace('bpmn:', '') : 'no event definition';
    errors.push(`${where}: expected ${allowed.map((k) => k.replace('bpmn:', '')).join(' or ')}, but ${found} is not supported here yet`);
    return;
  }
  element.eventType = 'NONE';
  if (kind === 'bpmn:ErrorEventDefinition') {
    element.eventType = 'ERROR';
    element.errorCode = readErrorCode(definition, where, element.type === 'END_EVENT', errors);
  } else if (kind === 'bpmn:TerminateEventDefinition') {
    element.eventType = 'TERMINATE';
  } else if (kind === 'bpmn:TimerEventDefinition') {
    element.eventType = 'TIMER';
    element.timer = readTimer(definition, element, where, errors);
  } else if (kind === 'bpmn:EscalationEventDefinition') {
    element.eventType = 'ESCALATION';
    const code: string | undefined = definition.escalationRef?.escalationCode || undefined;
    const throws = element.type === 'END_EVENT' || element.type === 'INTERMEDIATE_THROW_EVENT';
    if (throws && !code) errors.push(`${where}: expected a thrown escalation to reference a bpmn:escalation with an escalationCode, but found none`);
    if (element.type === 'START_EVENT' && !node.$parent?.triggeredByEvent) {
      errors.push(`${where}: expected escalation start events only in event sub-processes`);
    }
    element.escalationCode = code;
  } else if (kind === 'bpmn:SignalEventDefinition') {
    element.eventType = 'SIGNAL';
    const name: string | undefined = definition.signalRef?.name;
    if (!name || name.trim() === '') errors.push(`${where}: expected a reference to a bpmn:signal with a name, but found none`);
    else if (element.type === 'START_EVENT' && isExpression(name)) errors.push(`${where}: expected a static signal name on a signal start event, but found '${name}'`);
    else checkAttribute(name, `${where} signal name`, errors);
    element.signalName = name;
  } else if (kind === 'bpmn:LinkEventDefinition') {
    element.eventType = 'LINK';
    element.linkName = definition.name;
    if (!definition.name) errors.push(`${where}: expected a link event with a name, but found none`);
  } else if (kind === 'bpmn:MessageEventDefinition' && (element.type === 'END_EVENT' || element.type === 'INTERMEDIATE_THROW_EVENT')) {
    // Throwing a message is a job, as in Zeebe: a worker publishes it.
    element.eventType = 'MESSAGE';
    element.job = readTaskDefinition(extensionElements(node), where, errors);
  } else if (kind === 'bpmn:MessageEventDefinition') {
    element.eventType = 'MESSAGE';
    element.message = readMessage(definition.messageRef, where, element.type !== 'START_EVENT' && !node.$parent?.triggeredByEvent, errors);
    if (element.type === 'START_EVENT' && !node.$parent?.triggeredByEvent && element.message && isExpression(element.message.name)) {
      errors.push(`${where}: expected a static message name on a message start event, but found the expression '${element.message.name}'`);
    }
  }
  if (element.type === 'BOUNDARY_EVENT') {
    element.attachedToId = node.attachedToRef?.id;
    element.cancelActivity = node.cancelActivity !== false;
    if (element.eventType === 'ERROR' && !element.cancelActivity) {
      errors.push(`${where}: expected an error boundary event to be interrupting (cancelActivity="true")`);
    }
  }
}

/** A bpmn:message with a name; catch events and receive tasks also need a zeebe:subscription correlationKey. */
export function readMessage(message: any, where: string, needsCorrelationKey: boolean, errors: string[]): MessageDefinition | undefined {
  const name: string | undefined = message?.name;
  if (!name || name.trim() === '') {
    errors.push(`${where}: expected a reference to a bpmn:message with a name, but found none`);
    return undefined;
  }
  checkAttribute(name, `${where} message name`, errors);
  const subscription = (message.extensionElements?.values ?? []).find((e: any) => e.$type === 'zeebe:Subscription');
  const correlationKey: string | undefined = subscription?.correlationKey || undefined;
  if (needsCorrelationKey && !correlationKey) {
    errors.push(`${where}: expected the message '${name}' to have a zeebe:subscription correlationKey, but found none`);
  }
  if (correlationKey && !isExpression(correlationKey)) {
    errors.push(`${where}: expected the correlation key of message '${name}' to be an expression (starting with '='), but found the static value '${correlationKey}'`);
  } else if (correlationKey) {
    checkAttribute(correlationKey, `${where} correlation key`, errors);
  }
  return { name, correlationKey };
}

/** Which timer definitions each position allows, as in Zeebe 8.3. */
const TIMER_KINDS: Partial<Record<BpmnElementType, Array<'duration' | 'date' | 'cycle'>>> = {
  START_EVENT: ['date', 'cycle'],
  INTERMEDIATE_CATCH_EVENT: ['duration', 'date'],
  BOUNDARY_EVENT: ['duration', 'date', 'cycle'],
};

function readTimer(definition: any, element: ElementModel, where: string, errors: string[]): TimerDefinition | undefined {
  const present = (['duration', 'date', 'cycle'] as const).filter((kind) => {
    const field = definition[`time${kind[0].toUpperCase()}${kind.slice(1)}`];
    return field && typeof field.body === 'string' && field.body.trim() !== '';
  });
  if (present.length !== 1) {
    errors.push(`${where}: expected exactly one of timeDuration, timeDate or timeCycle with a value, but found ${present.length}`);
    return undefined;
  }
  const kind = present[0];
  // An event sub-process's timer start may also wait a duration, counted from when its scope began.
  const inEventSubProcess = definition.$parent?.$parent?.triggeredByEvent === true;
  if (!TIMER_KINDS[element.type]!.includes(kind) && !(inEventSubProcess && kind === 'duration')) {
    errors.push(`${where}: expected a ${TIMER_KINDS[element.type]!.map((k) => `time${k[0].toUpperCase()}${k.slice(1)}`).join(' or ')} here, but found time${kind[0].toUpperCase()}${kind.slice(1)}`);
  }
  const text = definition[`time${kind[0].toUpperCase()}${kind.slice(1)}`].body.trim();
  if (isExpression(text)) {
    checkAttribute(text, `${where} timer`, errors);
  } else {
    // A static timer is checked now, as Zeebe does, rather than failing when the element is reached.
    const schedule = evaluateTimer(kind, text, {}, Date.now());
    if (!schedule.ok) errors.push(`${where}: ${schedule.message}`);
  }
  return { kind, text };
}

function readErrorCode(definition: any, where: string, required: boolean, errors: string[]): string | undefined {
  const error = definition.errorRef;
  const code: string | undefined = error?.errorCode;
  if (required && (!code || code.trim() === '')) {
    errors.push(`${where}: expected an error end event to reference a bpmn:error with an errorCode, but found none`);
  }
  if (code && isExpression(code)) {
    errors.push(`${where}: expected a static errorCode, but found the expression '${code}'`);
  }
  return code || undefined;
}
