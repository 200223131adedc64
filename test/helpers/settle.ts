import type { TestEngine } from './engine';

/** Waits until the engine has processed everything queued so far, including what a fired timer just queued. */
export async function settle(t: TestEngine): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  await t.embedded.engine.whenIdle();
}

/** Moves the manual clock forward (no sleeping) and waits for the engine to handle what came due. */
export async function advanceClock(t: TestEngine, milliseconds: number): Promise<void> {
  t.clock.advance(milliseconds);
  await settle(t);
}

/**
 * Resolves once the engine has answered the next command submitted to it, and the caller has had a turn to
 * act on the answer. A test uses it to know that a long-polling ActivateJobs request has made its first,
 * empty attempt and is parked, without guessing with a sleep.
 */
export function afterNextCommand(t: TestEngine): Promise<void> {
  const engine = t.embedded.engine;
  const original = engine.submit;
  return new Promise((resolve) => {
    engine.submit = function (this: typeof engine, ...args: Parameters<typeof original>) {
      engine.submit = original;
      const outcome = original.apply(this, args);
      outcome.finally(() => setImmediate(resolve)).catch(() => undefined);
      return outcome;
    };
  });
}

/** Polls a condition (for writes that happen while a caller is still waiting on its own answer). */
export async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
