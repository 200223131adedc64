import { FeelDate, FeelDateTime, FeelDuration, FeelTime } from 'feelin';
import { isContext } from './context-value';
import {
  durationText,
  feelTimeText,
  localDateText,
  localTimeText,
  offsetText,
  periodText,
} from './java-time-text';

/**
 * Converts a FEEL value into the JSON value Zeebe would store: temporals become the text Zeebe writes for them,
 * numbers that are not finite become null. A function or range cannot be stored; Zeebe writes null for it, which
 * this does inside lists and contexts (so `{f: function(x) x, y: f(1)}` still works). At the top level the caller
 * turns `undefined` into an error instead.
 */
export function toJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'object':
      return objectToJson(value);
    default:
      return undefined;
  }
}

function objectToJson(value: object): unknown {
  if (Array.isArray(value)) return value.map((item) => toJson(item) ?? null);
  if (isContext(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, toJson(entry) ?? null]));
  }
  if (value instanceof FeelDate) return localDateText(value.year, value.month, value.day);
  if (value instanceof FeelTime) return timeText(value);
  if (value instanceof FeelDateTime) return dateTimeText(value);
  if (value instanceof FeelDuration) return durationValueText(value);
  return undefined;
}

/** Zeebe's text for a date and time; a local one is placed in `zoneForLocal` when that is given. */
export function dateTimeText(dateTime: FeelDateTime, zoneForLocal?: string): string {
  const wallClock = dateTime.value;
  const local = `${localDateText(wallClock.year, wallClock.month, wallClock.day)}T${localTimeText(
    wallClock.hour,
    wallClock.minute,
    wallClock.second,
    nanosecondOf(wallClock),
  )}`;
  const zone = dateTime.zone ?? zoneForLocal ?? null;
  if (zone === null) return local;
  if (!isRegion(zone)) return local + fixedOffsetText(zone);
  const offset = wallClock.toZonedDateTime(zone).offsetNanoseconds / 1e9;
  return `${local}${offsetText(Math.round(offset))}[${zone}]`;
}

function timeText(time: FeelTime): string {
  const { hour, minute, second } = time.value;
  const nanosecond = nanosecondOf(time.value);
  if (time.zone === null) return localTimeText(hour, minute, second, nanosecond);
  const text = feelTimeText(hour, minute, second, nanosecond);
  return isRegion(time.zone) ? `${text}@${time.zone}` : text + fixedOffsetText(time.zone);
}

function durationValueText(duration: FeelDuration): string {
  const d = duration.value;
  if (duration.yearsMonths) return periodText(d.years * 12 + d.months);
  const seconds = ((d.days * 24 + d.hours) * 60 + d.minutes) * 60 + d.seconds;
  const nanos = (d.milliseconds * 1000 + d.microseconds) * 1000 + d.nanoseconds;
  return durationText(BigInt(seconds) * 1_000_000_000n + BigInt(nanos));
}

function nanosecondOf(time: { millisecond: number; microsecond: number; nanosecond: number }): number {
  return (time.millisecond * 1000 + time.microsecond) * 1000 + time.nanosecond;
}

/** feelin keeps `Z` as the zone 'UTC' and fixed offsets as '+01:00'; anything else names a region. */
function isRegion(zone: string): boolean {
  return zone !== 'UTC' && !/^[+-]\d{2}:\d{2}(:\d{2})?$/.test(zone);
}

function fixedOffsetText(zone: string): string {
  if (zone === 'UTC') return 'Z';
  const [hours, minutes, seconds = '0'] = zone.slice(1).split(':');
  const total = Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
  return offsetText(zone.startsWith('-') ? -total : total);
}
