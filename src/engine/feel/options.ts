/**
 * What an evaluation may know about the world outside its variables. The engine passes its injected clock
 * so that `now()` and `today()` follow test time instead of the wall clock.
 */
export interface FeelOptions {
  /** Epoch milliseconds; defaults to Date.now. */
  now?: () => number;
  /** IANA zone for `now()`, `today()` and for local date-times given as a due date; defaults to the system zone,
   *  as Zeebe uses the JVM's default zone. */
  timeZone?: string;
}

const systemTimeZone = Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';

export function currentMillis(options: FeelOptions | undefined): number {
  return options?.now ? options.now() : Date.now();
}

export function timeZoneOf(options: FeelOptions | undefined): string {
  return options?.timeZone ?? systemTimeZone;
}
