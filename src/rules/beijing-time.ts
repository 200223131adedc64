/**
 * The regulation's calendar is Beijing's (UTC+8, no daylight saving): years, plan years and the dates on
 * documents are read there, whatever the server's time zone. 31 December 20:00 UTC is already 1 January.
 */
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

function inBeijing(at: Date): Date {
  return new Date(at.getTime() + BEIJING_OFFSET_MS);
}

/** The calendar year in Beijing at this instant. */
export function beijingYear(at: Date): number {
  return inBeijing(at).getUTCFullYear();
}

/** The calendar date in Beijing at this instant, as 'YYYY-MM-DD'. */
export function beijingDate(at: Date): string {
  return inBeijing(at).toISOString().slice(0, 10);
}
