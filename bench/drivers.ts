// Load shapes. The drivers only pace the starts; whoever calls them records what happened.
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Open loop: starts instances at a fixed offered rate for the duration, whatever the system answers.
 * `startOne` must not throw; it is not awaited (the next start does not wait for the previous one).
 */
export async function driveAtRate(perSecond: number, durationMs: number, startOne: () => void): Promise<number> {
  const began = performance.now();
  let started = 0;
  for (;;) {
    const elapsed = performance.now() - began;
    if (elapsed >= durationMs) return started;
    // Catch up on every start that is due, so event-loop lag costs burstiness, not offered load.
    const due = Math.floor((elapsed * perSecond) / 1000) + 1;
    while (started < due) {
      started++;
      startOne();
    }
    await sleep(Math.max(1, Math.min(20, (1000 / perSecond) * (started - (elapsed * perSecond) / 1000))));
  }
}

/**
 * Closed loop: keeps `inFlight` calls of `startOne` running; each slot starts the next one when its previous
 * one settles, until the duration is over. Resolves when every slot has settled, or after `drainMs` more.
 * Returns how many were started and how many of those were still unsettled when it gave up.
 */
export async function driveInFlight(
  inFlight: number,
  durationMs: number,
  drainMs: number,
  startOne: () => Promise<unknown>,
): Promise<{ started: number; unsettled: number }> {
  const stopAt = performance.now() + durationMs;
  let started = 0;
  let settled = 0;
  const slot = async () => {
    while (performance.now() < stopAt) {
      started++;
      try {
        await startOne();
      } catch {
        await sleep(5); // the caller counted the error; do not spin on a failing system
      } finally {
        settled++;
      }
    }
  };
  const slots = Promise.all(Array.from({ length: inFlight }, slot));
  await Promise.race([slots, sleep(durationMs + drainMs)]);
  return { started, unsettled: started - settled };
}
