// One one-task instance on bpmn-engine, persisted like a Zeebe instance would be: the service task calls a
// service function that does not answer at once, so the task waits; the engine state is saved at that wait
// state, the "job" is then completed (the service callback), and the state is saved again at the end.
import { Engine } from 'bpmn-engine';
import type { StateStore } from './state-store';

type ServiceCallback = (error: Error | null, ...output: unknown[]) => void;

export async function runBpmnEngineInstance(moddleContext: unknown, instanceId: string, store: StateStore): Promise<void> {
  let reachTask: (callback: ServiceCallback) => void = () => {};
  const taskReached = new Promise<ServiceCallback>((resolve) => (reachTask = resolve));

  const engine = new Engine({
    name: instanceId,
    moddleContext,
    services: { benchTask: (_scope: unknown, callback: ServiceCallback) => reachTask(callback) },
  });
  const ended = engine.waitFor('end');

  await engine.execute();
  const completeTask = await taskReached;
  await store.insert(instanceId, JSON.stringify(await engine.getState()));

  completeTask(null);
  await ended;
  await store.update(instanceId, JSON.stringify(await engine.getState()));
}
