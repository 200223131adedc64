import { FeelDateTime, parseDateTime } from 'feelin';

const ZONED_DATE_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}(?::\d{2})?)(?:\[([^\]]+)\])?$/;

/**
 * Reads text the way java.time.ZonedDateTime.parse does, which is how Zeebe reads a due date given as text:
 * an ISO 8601 local date-time with an offset, optionally followed by a region in brackets. Returns null when the
 * text is not of that form (a date-time without an offset included).
 */
export function parseZonedDateTime(text: string): FeelDateTime | null {
  const match = ZONED_DATE_TIME.exec(text);
  if (!match) return null;
  const [, dateAndMinutes, seconds = ':00', offset, region] = match;
  const atOffset = parseDateTime(`${dateAndMinutes}${seconds}${offset}`);
  if (!atOffset || !region) return atOffset;
  try {
    const inRegion = atOffset.value.toZonedDateTime(offset === 'Z' ? 'UTC' : offset).withTimeZone(region);
    return new FeelDateTime(inRegion.toPlainDateTime(), inRegion.timeZoneId);
  } catch {
    return null;
  }
}
