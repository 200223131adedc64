import type { ElementBehaviour } from './behaviours';
import { evaluateBoolean } from '../../feel/expression';

/**
 * Chooses, while activating, the first outgoing flow whose condition is true (in the order of the
 * diagram), else the default flow. No flow at all is a CONDITION_ERROR incident on the activating
 * gateway, as in Zeebe; resolving it chooses again.
 */
export const exclusiveGatewayBehaviour: ElementBehaviour = {
  prepare: (rt, instance, element) => {
    if (element.outgoing.length <= 1 && element.outgoing.every((f) => f.condition === undefined)) return { flows: element.outgoing };
    const variables = rt.state.visibleVariables(instance.key);
    for (const flow of element.outgoing) {
      if (flow.condition === undefined) continue;
      const result = evaluateBoolean(flow.condition, variables, { now: () => rt.ctx.now });
      if (!result.ok) return { errorType: 'CONDITION_ERROR', message: result.message };
      if (result.value === true) return { flows: [flow] };
    }
    const fallback = element.outgoing.find((f) => f.id === element.defaultFlowId);
    if (fallback) return { flows: [fallback] };
    return {
      errorType: 'CONDITION_ERROR',
      message: 'Expected at least one condition to evaluate to true, or to have a default flow',
    };
  },
  onActivated: (rt, instance) => rt.completeLater(instance),
};

/**
 * A diverging inclusive gateway takes every outgoing flow whose condition is true, else the default flow;
 * no flow at all is a CONDITION_ERROR incident, as for the exclusive gateway.
 */
export const inclusiveGatewayBehaviour: ElementBehaviour = {
  prepare: (rt, instance, element) => {
    if (element.outgoing.length <= 1 && element.outgoing.every((f) => f.condition === undefined)) return { flows: element.outgoing };
    const variables = rt.state.visibleVariables(instance.key);
    const taken = [];
    for (const flow of element.outgoing) {
      if (flow.condition === undefined) continue;
      const result = evaluateBoolean(flow.condition, variables, { now: () => rt.ctx.now });
      if (!result.ok) return { errorType: 'CONDITION_ERROR', message: result.message };
      if (result.value === true) taken.push(flow);
    }
    const fallback = element.outgoing.find((f) => f.id === element.defaultFlowId);
    if (taken.length === 0 && fallback) taken.push(fallback);
    if (taken.length > 0) return { flows: taken };
    return {
      errorType: 'CONDITION_ERROR',
      message: 'Expected at least one condition to evaluate to true, or to have a default flow',
    };
  },
  onActivated: (rt, instance) => rt.completeLater(instance),
};
