/**
 * Small builders for BPMN test diagrams: each returns XML text, so a test shows its whole process in a few
 * lines. Flows get ids from their ends ("s->t").
 */
const NS =
  'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" ' +
  'targetNamespace="http://example.com/test"';

export function definitions(...processes: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions id="defs" ${NS}>\n${processes.join('\n')}\n</bpmn:definitions>`;
}

/**
 * A process with the root elements it refers to: a bpmn:error for every errorRef, and a bpmn:message for every
 * messageRef. A `message(...)` among the elements is moved out to the definitions level; a referenced message
 * that is not declared that way is declared with its name only (enough for a message start event).
 */
export function process(id: string, ...elements: string[]): string {
  const declared = elements.filter(isMessageDeclaration);
  const flowElements = elements.filter((element) => !isMessageDeclaration(element));
  const errors = new Set<string>();
  for (const element of flowElements) for (const match of element.matchAll(/errorRef="err_([^"]+)"/g)) errors.add(match[1]);
  const errorDefs = [...errors].map((code) => `<bpmn:error id="err_${code}" errorCode="${code}" />`);
  const declaredIds = new Set(declared.map((element) => /id="([^"]+)"/.exec(element)![1]));
  const referenced = new Map<string, string>();
  for (const element of flowElements) for (const match of element.matchAll(/messageRef="([^"]+)" data-message-name="([^"]*)"/g)) referenced.set(match[1], match[2]);
  const messageDefs = [...referenced].filter(([messageId]) => !declaredIds.has(messageId)).map(([messageId, name]) => `<bpmn:message id="${messageId}" name="${name}" />`);
  const body = flowElements.map((element) => element.replace(/ data-message-name="[^"]*"/g, ''));
  return `${[...errorDefs, ...declared, ...messageDefs].join('\n')}\n<bpmn:process id="${id}" isExecutable="true">\n${body.join('\n')}\n</bpmn:process>`;
}

/** Shorthand: a process in its own definitions document. */
export function bpmnXml(id: string, ...elements: string[]): string {
  return definitions(process(id, ...elements));
}

export const start = (id = 'start') => `<bpmn:startEvent id="${id}" />`;
export const end = (id = 'end') => `<bpmn:endEvent id="${id}" />`;
export const errorEnd = (id: string, code: string) =>
  `<bpmn:endEvent id="${id}"><bpmn:errorEventDefinition errorRef="err_${code}" /></bpmn:endEvent>`;
export const task = (id: string) => `<bpmn:task id="${id}" />`;
export const manualTask = (id: string) => `<bpmn:manualTask id="${id}" />`;

export interface TaskOptions {
  retries?: string;
  headers?: Record<string, string>;
  inputs?: Array<[string, string]>;
  outputs?: Array<[string, string]>;
}

function ioMapping(options: TaskOptions): string {
  const inputs = (options.inputs ?? []).map(([source, target]) => `<zeebe:input source="${escape(source)}" target="${target}" />`);
  const outputs = (options.outputs ?? []).map(([source, target]) => `<zeebe:output source="${escape(source)}" target="${target}" />`);
  return inputs.length + outputs.length > 0 ? `<zeebe:ioMapping>${inputs.join('')}${outputs.join('')}</zeebe:ioMapping>` : '';
}

function headers(options: TaskOptions): string {
  const entries = Object.entries(options.headers ?? {});
  if (entries.length === 0) return '';
  return `<zeebe:taskHeaders>${entries.map(([k, v]) => `<zeebe:header key="${escape(k)}" value="${escape(v)}" />`).join('')}</zeebe:taskHeaders>`;
}

export function serviceTask(id: string, type: string, options: TaskOptions = {}): string {
  const retries = options.retries ? ` retries="${escape(options.retries)}"` : '';
  return (
    `<bpmn:serviceTask id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="${escape(type)}"${retries} />` +
    `${headers(options)}${ioMapping(options)}</bpmn:extensionElements></bpmn:serviceTask>`
  );
}

export interface UserTaskOptions extends TaskOptions {
  formKey?: string;
  formId?: string;
  assignee?: string;
  candidateGroups?: string;
  candidateUsers?: string;
  dueDate?: string;
  followUpDate?: string;
}

export function userTask(id: string, options: UserTaskOptions = {}): string {
  const attrs = (pairs: Array<[string, string | undefined]>) =>
    pairs.filter(([, v]) => v !== undefined).map(([k, v]) => ` ${k}="${escape(v!)}"`).join('');
  const form = options.formKey || options.formId ? `<zeebe:formDefinition${attrs([['formKey', options.formKey], ['formId', options.formId]])} />` : '';
  const assignment =
    options.assignee || options.candidateGroups || options.candidateUsers
      ? `<zeebe:assignmentDefinition${attrs([
          ['assignee', options.assignee],
          ['candidateGroups', options.candidateGroups],
          ['candidateUsers', options.candidateUsers],
        ])} />`
      : '';
  const schedule =
    options.dueDate || options.followUpDate
      ? `<zeebe:taskSchedule${attrs([['dueDate', options.dueDate], ['followUpDate', options.followUpDate]])} />`
      : '';
  return `<bpmn:userTask id="${id}"><bpmn:extensionElements>${form}${assignment}${schedule}${headers(options)}${ioMapping(options)}</bpmn:extensionElements></bpmn:userTask>`;
}

export function exclusiveGateway(id: string, defaultFlow?: string): string {
  return `<bpmn:exclusiveGateway id="${id}"${defaultFlow ? ` default="${defaultFlow}"` : ''} />`;
}

export const parallelGateway = (id: string) => `<bpmn:parallelGateway id="${id}" />`;

export function subProcess(id: string, elements: string[], options: TaskOptions = {}): string {
  const io = ioMapping(options);
  return `<bpmn:subProcess id="${id}">${io ? `<bpmn:extensionElements>${io}</bpmn:extensionElements>` : ''}${elements.join('\n')}</bpmn:subProcess>`;
}

/** An error boundary event; without a code it catches every error. */
export function errorBoundary(id: string, attachedTo: string, code?: string): string {
  const definition = code ? `<bpmn:errorEventDefinition errorRef="err_${code}" />` : '<bpmn:errorEventDefinition />';
  return `<bpmn:boundaryEvent id="${id}" attachedToRef="${attachedTo}">${definition}</bpmn:boundaryEvent>`;
}

export function flow(source: string, target: string, condition?: string, id = `${source}-${target}`): string {
  const body = condition ? `<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">${escape(condition)}</bpmn:conditionExpression>` : '';
  return `<bpmn:sequenceFlow id="${id}" sourceRef="${source}" targetRef="${target}">${body}</bpmn:sequenceFlow>`;
}

/** Flows through the given ids in order: chain('start', 't1', 'end'). */
export function chain(...ids: string[]): string[] {
  return ids.slice(1).map((id, i) => flow(ids[i], id));
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export type TimerKind = 'duration' | 'date' | 'cycle';

/** A timer event definition: timeDuration, timeDate or timeCycle holding the given text (or FEEL expression). */
export function timerDefinition(kind: TimerKind, text: string): string {
  const tag = `bpmn:time${kind[0].toUpperCase()}${kind.slice(1)}`;
  return (
    `<bpmn:timerEventDefinition><${tag} xsi:type="bpmn:tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    `${escape(text)}</${tag}></bpmn:timerEventDefinition>`
  );
}

export const timerCatch = (id: string, kind: TimerKind, text: string) =>
  `<bpmn:intermediateCatchEvent id="${id}">${timerDefinition(kind, text)}</bpmn:intermediateCatchEvent>`;

export function timerBoundary(id: string, attachedTo: string, kind: TimerKind, text: string, interrupting = true): string {
  return `<bpmn:boundaryEvent id="${id}" attachedToRef="${attachedTo}" cancelActivity="${interrupting}">${timerDefinition(kind, text)}</bpmn:boundaryEvent>`;
}

export const timerStart = (id: string, kind: TimerKind, text: string) => `<bpmn:startEvent id="${id}">${timerDefinition(kind, text)}</bpmn:startEvent>`;

export const terminateEnd = (id: string) => `<bpmn:endEvent id="${id}"><bpmn:terminateEventDefinition /></bpmn:endEvent>`;

function jobTask(element: string, id: string, type: string): string {
  return `<bpmn:${element} id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="${escape(type)}" /></bpmn:extensionElements></bpmn:${element}>`;
}

export const businessRuleTask = (id: string, type: string) => jobTask('businessRuleTask', id, type);
export const scriptTask = (id: string, type: string) => jobTask('scriptTask', id, type);
export const sendTask = (id: string, type: string) => jobTask('sendTask', id, type);

/** The id of the bpmn:message a message event refers to: derived from the name, so builders agree on it. */
export function messageId(name: string): string {
  return `msg_${name.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
}

const isMessageDeclaration = (element: string) => element.startsWith('<bpmn:message ');

/**
 * A bpmn:message with its zeebe:subscription correlation key (a FEEL expression such as "=orderId"), to pass
 * among a process's elements: `process()` moves it to the definitions level. Without a key it has only a name.
 */
export function message(name: string, correlationKey?: string): string {
  const subscription = correlationKey === undefined ? '' : `<bpmn:extensionElements><zeebe:subscription correlationKey="${escape(correlationKey)}" /></bpmn:extensionElements>`;
  return `<bpmn:message id="${messageId(name)}" name="${escape(name)}">${subscription}</bpmn:message>`;
}

/** A reference to the message of that name; `process()` reads the name back to declare the message if needed. */
function messageRef(name: string): string {
  return `messageRef="${messageId(name)}" data-message-name="${escape(name)}"`;
}

export const messageDefinition = (messageName: string) => `<bpmn:messageEventDefinition ${messageRef(messageName)} />`;

export const messageCatch = (id: string, messageName: string) =>
  `<bpmn:intermediateCatchEvent id="${id}">${messageDefinition(messageName)}</bpmn:intermediateCatchEvent>`;

export const receiveTask = (id: string, messageName: string) => `<bpmn:receiveTask id="${id}" ${messageRef(messageName)} />`;

export function messageBoundary(id: string, attachedTo: string, messageName: string, interrupting = true): string {
  return `<bpmn:boundaryEvent id="${id}" attachedToRef="${attachedTo}" cancelActivity="${interrupting}">${messageDefinition(messageName)}</bpmn:boundaryEvent>`;
}

export const messageStart = (id: string, messageName: string) => `<bpmn:startEvent id="${id}">${messageDefinition(messageName)}</bpmn:startEvent>`;
