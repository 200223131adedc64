/** Calendar years are Beijing time (UTC+8): a round opened on 31 December 20:00 UTC is already next year's. */
export function beijingYear(now: Date): number {
  return new Date(now.getTime() + 8 * 3600_000).getUTCFullYear();
}
