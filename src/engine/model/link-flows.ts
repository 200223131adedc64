import { checkSyntax, isExpression } from '../feel/expression';
import type { ElementModel, ProcessModel, SequenceFlowModel } from './model';
import { isActivity } from './element-types';

// Connects sequence flows to their elements and checks the flow rules Zeebe 8.3 enforces at deployment.

export function buildFlow(node: any, errors: string[]): SequenceFlowModel {
  const flow: SequenceFlowModel = { id: node.id, sourceId: node.sourceRef?.id, targetId: node.targetRef?.id };
  const body: string | undefined = node.conditionExpression?.body;
  if (body !== undefined && body.trim() !== '') {
    const condition = isExpression(body.trim()) ? body.trim().slice(1).trim() : body.trim();
    const problem = checkSyntax(condition);
    if (problem) errors.push(`Sequence flow '${node.id}': expected a valid FEEL condition, but ${problem}`);
    flow.condition = condition;
  }
  return flow;
}

export function linkFlows(model: ProcessModel, errors: string[]): void {
  for (const flow of model.flows.values()) {
    const source = model.elements.get(flow.sourceId);
    const target = model.elements.get(flow.targetId);
    if (!source || !target) {
      errors.push(`Sequence flow '${flow.id}': expected a source and a target element, but one is missing or unsupported`);
      continue;
    }
    source.outgoing.push(flow);
    target.incoming.push(flow.id);
    if (flow.condition !== undefined && source.type !== 'EXCLUSIVE_GATEWAY' && source.type !== 'INCLUSIVE_GATEWAY') {
      errors.push(`Sequence flow '${flow.id}': expected conditions only on flows leaving an exclusive or inclusive gateway, but its source '${source.id}' is a ${source.type}`);
    }
  }
  for (const element of model.elements.values()) {
    checkElementFlows(model, element, errors);
  }
  linkEvents(model, errors);
}

function checkElementFlows(model: ProcessModel, element: ElementModel, errors: string[]): void {
  const where = `Element '${element.id}'`;
  if (element.type === 'START_EVENT' && element.incoming.length > 0) errors.push(`${where}: expected a start event without incoming sequence flows`);
  if (element.type === 'BOUNDARY_EVENT') {
    const host = element.attachedToId ? model.elements.get(element.attachedToId) : undefined;
    if (!host || !isActivity(host)) errors.push(`${where}: expected to be attached to a supported activity`);
    else host.boundaryEventIds.push(element.id);
    if (element.incoming.length > 0) errors.push(`${where}: expected a boundary event without incoming sequence flows`);
    if (element.outgoing.length === 0) errors.push(`${where}: expected a boundary event with at least one outgoing sequence flow`);
  }
  if (element.type === 'EVENT_BASED_GATEWAY') {
    if (element.outgoing.length < 2) errors.push(`${where}: expected an event-based gateway with at least two outgoing flows`);
    for (const flow of element.outgoing) {
      const target = model.elements.get(flow.targetId);
      const waits = target?.type === 'INTERMEDIATE_CATCH_EVENT' && ['TIMER', 'MESSAGE', 'SIGNAL'].includes(target.eventType);
      if (!waits) errors.push(`${where}: expected every flow to lead to a timer, message or signal intermediate catch event, but '${flow.targetId}' is not one`);
      else if (target!.incoming.length > 1) errors.push(`Element '${target!.id}': expected an event after an event-based gateway to have only that incoming flow`);
    }
  }
  if (element.type === 'INCLUSIVE_GATEWAY' && element.incoming.length > 1) {
    errors.push(`${where}: expected a diverging inclusive gateway (one incoming flow), but joining inclusive gateways are not supported in Zeebe 8.3`);
  }
  if (element.type === 'EXCLUSIVE_GATEWAY' || element.type === 'INCLUSIVE_GATEWAY') {
    if (element.defaultFlowId && !element.outgoing.some((f) => f.id === element.defaultFlowId)) {
      errors.push(`${where}: expected its default flow to be one of its outgoing flows`);
    }
    if (element.outgoing.length > 1) {
      for (const flow of element.outgoing) {
        if (flow.condition === undefined && flow.id !== element.defaultFlowId) {
          errors.push(`Sequence flow '${flow.id}': expected a condition on a flow leaving gateway '${element.id}' unless it is the default flow`);
        }
      }
    }
  }
  if (element.defaultFlowId && element.type !== 'EXCLUSIVE_GATEWAY' && element.type !== 'INCLUSIVE_GATEWAY') {
    errors.push(`${where}: expected default flows only on exclusive and inclusive gateways`);
  }
}

/** Each link throw event jumps to the link catch event of the same name in the same scope. */
function linkEvents(model: ProcessModel, errors: string[]): void {
  const links = [...model.elements.values()].filter((e) => e.eventType === 'LINK' && e.linkName);
  for (const thrower of links.filter((e) => e.type === 'INTERMEDIATE_THROW_EVENT')) {
    const catchers = links.filter((e) => e.type === 'INTERMEDIATE_CATCH_EVENT' && e.linkName === thrower.linkName && e.flowScopeId === thrower.flowScopeId);
    if (catchers.length !== 1) {
      errors.push(`Element '${thrower.id}': expected exactly one link catch event named '${thrower.linkName}' in the same scope, but found ${catchers.length}`);
    } else {
      thrower.linkTargetId = catchers[0].id;
    }
    if (thrower.outgoing.length > 0) errors.push(`Element '${thrower.id}': expected a link throw event without outgoing sequence flows`);
  }
  for (const catcher of links.filter((e) => e.type === 'INTERMEDIATE_CATCH_EVENT')) {
    if (catcher.incoming.length > 0) errors.push(`Element '${catcher.id}': expected a link catch event without incoming sequence flows`);
  }
}
