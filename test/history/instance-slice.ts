import type { EngineState } from '../../src/engine/state/engine-state';

/**
 * One process instance's part of the engine's state, as plain sorted data, for comparing a replay with the
 * engine. Left out, because the engine records them without the instance's key (so an instance's replay
 * cannot and does not claim to rebuild them): which worker holds a job's lease and until when (JOB_BATCH
 * records: the job's state, worker, deadline, timeout) and the child instance a call activity waits for.
 */
export function instanceSlice(state: EngineState, processInstanceKey: string): unknown {
  const byKey = <T extends { key: string }>(items: T[]) => items.sort((a, b) => a.key.localeCompare(b.key));
  const elements = byKey(
    [...state.elementInstances.values()]
      .filter((e) => e.value.processInstanceKey === processInstanceKey)
      .map((e) => ({ key: e.key, state: e.state, elementId: e.value.elementId, flowScopeKey: e.value.flowScopeKey, activeChildren: e.activeChildren, jobKey: e.jobKey, loop: e.loop })),
  );
  const scopes = new Set(elements.map((e) => e.key));
  const variables = [...state.variables]
    .filter(([scope]) => scopes.has(scope))
    .map(([scope, vars]) => [scope, [...vars].map(([name, v]) => [name, v.json]).sort()])
    .sort();
  const jobs = byKey(
    [...state.jobs.values()]
      .filter((j) => j.value.processInstanceKey === processInstanceKey)
      .map((j) => {
        const { worker: _w, deadline: _d, timeout: _t, ...value } = j.value;
        return { key: j.key, value };
      }),
  );
  const of = <T extends { key: string; value: { processInstanceKey: string } }>(map: Map<string, T>) => byKey([...map.values()].filter((x) => x.value.processInstanceKey === processInstanceKey));
  const inScope = (map: Map<string, number>) => [...map].filter(([slot]) => scopes.has(slot.split('/')[0])).sort();
  // A copy: the live engine goes on mutating the objects it holds after the capture.
  return structuredClone({
    elements,
    variables,
    jobs,
    incidents: of(state.incidents),
    timers: of(state.timers),
    messageSubscriptions: of(state.messageSubscriptions),
    joinTokens: inScope(state.joinTokens),
    waitingTokens: inScope(state.waitingTokens),
  });
}
