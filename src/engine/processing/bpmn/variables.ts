import type { ProcessingContext } from '../context';
import type { ElementInstance } from '../../state/types';
import type { Mapping } from '../../model/model';
import { evaluate } from '../../feel/expression';

/**
 * Zeebe's variable semantics: a variable lives in one scope (an element instance); reads see the nearest
 * scope outward; "propagating" writes update the nearest scope that holds the name, or create it at the
 * process instance. Each change is a VARIABLE record.
 */
export class VariableWriter {
  constructor(private readonly ctx: ProcessingContext) {}

  setLocal(scope: ElementInstance, document: Record<string, unknown>): void {
    for (const [name, value] of Object.entries(document)) this.set(scope, scope.key, name, value);
  }

  propagate(scope: ElementInstance, document: Record<string, unknown>): void {
    const state = this.ctx.state;
    for (const [name, value] of Object.entries(document)) {
      const holder = state.scopeHolding(scope.key, name) ?? scope.value.processInstanceKey;
      this.set(scope, holder, name, value);
    }
  }

  private set(scope: ElementInstance, scopeKey: string, name: string, value: unknown): void {
    const json = JSON.stringify(value === undefined ? null : value);
    const existing = this.ctx.state.variable(scopeKey, name);
    if (existing && existing.json === json) return;
    this.ctx.event('VARIABLE', existing ? 'UPDATED' : 'CREATED', existing ? existing.key : this.ctx.nextKey(), {
      name,
      value: json,
      scopeKey,
      processInstanceKey: scope.value.processInstanceKey,
      processDefinitionKey: scope.value.processDefinitionKey,
      bpmnProcessId: scope.value.bpmnProcessId,
      tenantId: scope.value.tenantId,
    });
  }
}

export type MappingResult = { ok: true; document: Record<string, unknown> } | { ok: false; message: string };

/**
 * Evaluates mappings in order; each later mapping sees the results of the earlier ones, as in Zeebe.
 * A dotted target ("order.id") builds a context; output mappings merge it into the variable already held
 * under its first name, input mappings start from the mappings' own results only.
 */
export function evaluateMappings(
  mappings: Mapping[],
  variables: Record<string, unknown>,
  now: number,
  mergeIntoExisting: boolean,
): MappingResult {
  const context = { ...variables };
  const document: Record<string, unknown> = {};
  for (const mapping of mappings) {
    const result = evaluate(mapping.source, context, { now: () => now });
    if (!result.ok) return { ok: false, message: result.message };
    const [head, ...path] = mapping.target.split('.');
    const base = head in document ? document[head] : mergeIntoExisting ? context[head] : undefined;
    const merged = path.length === 0 ? result.value : mergePath(base, path, result.value);
    document[head] = merged;
    context[head] = merged;
  }
  return { ok: true, document };
}

function mergePath(base: unknown, path: string[], value: unknown): unknown {
  const object: Record<string, unknown> =
    base !== null && typeof base === 'object' && !Array.isArray(base) ? { ...(base as Record<string, unknown>) } : {};
  const [head, ...rest] = path;
  object[head] = rest.length === 0 ? value : mergePath(object[head], rest, value);
  return object;
}
