/**
 * Zeebe stores FEEL temporal results as the `toString()` of their java.time values, so a variable set from
 * `now()` reads `2024-03-01T09:30:15.120+08:00[Asia/Shanghai]` and a zero-second time drops its seconds
 * (`10:00`). These functions write the same text.
 */

const pad = (value: number, width = 2) => String(Math.abs(value)).padStart(width, '0');

/** java.time.LocalDate#toString */
export function localDateText(year: number, month: number, day: number): string {
  const yearText = Math.abs(year) < 10000 ? `${year < 0 ? '-' : ''}${pad(year, 4)}` : `${year > 9999 ? '+' : '-'}${Math.abs(year)}`;
  return `${yearText}-${pad(month)}-${pad(day)}`;
}

/** java.time.LocalTime#toString: seconds only when not zero, the fraction in groups of three digits. */
export function localTimeText(hour: number, minute: number, second: number, nanosecond: number): string {
  let text = `${pad(hour)}:${pad(minute)}`;
  if (second === 0 && nanosecond === 0) return text;
  text += `:${pad(second)}`;
  if (nanosecond === 0) return text;
  if (nanosecond % 1_000_000 === 0) return `${text}.${pad(nanosecond / 1_000_000, 3)}`;
  if (nanosecond % 1_000 === 0) return `${text}.${pad(nanosecond / 1_000, 6)}`;
  return `${text}.${pad(nanosecond, 9)}`;
}

/** feel-scala's zoned time format: always the seconds, then only the significant fraction digits. */
export function feelTimeText(hour: number, minute: number, second: number, nanosecond: number): string {
  const fraction = nanosecond === 0 ? '' : `.${pad(nanosecond, 9).replace(/0+$/, '')}`;
  return `${pad(hour)}:${pad(minute)}:${pad(second)}${fraction}`;
}

/** java.time.ZoneOffset#getId */
export function offsetText(offsetSeconds: number): string {
  if (offsetSeconds === 0) return 'Z';
  const total = Math.abs(offsetSeconds);
  const seconds = total % 60;
  const text = `${offsetSeconds < 0 ? '-' : '+'}${pad(Math.floor(total / 3600))}:${pad(Math.floor(total / 60) % 60)}`;
  return seconds === 0 ? text : `${text}:${pad(seconds)}`;
}

/** java.time.Period#toString for a years-and-months duration, normalised as feel-scala does. */
export function periodText(totalMonths: number): string {
  if (totalMonths === 0) return 'P0D';
  const years = Math.trunc(totalMonths / 12);
  const months = totalMonths % 12;
  return `P${years !== 0 ? `${years}Y` : ''}${months !== 0 ? `${months}M` : ''}`;
}

const NANOS_PER_SECOND = 1_000_000_000n;

/** java.time.Duration#toString: hours (days included), minutes and seconds, each signed. */
export function durationText(totalNanoseconds: bigint): string {
  if (totalNanoseconds === 0n) return 'PT0S';
  let seconds = totalNanoseconds / NANOS_PER_SECOND;
  let nanos = totalNanoseconds % NANOS_PER_SECOND;
  if (nanos < 0n) {
    nanos += NANOS_PER_SECOND;
    seconds -= 1n;
  }
  // Java counts from the floored seconds, then writes a negative fraction against the next whole second.
  const effective = seconds < 0n && nanos > 0n ? seconds + 1n : seconds;
  const hours = effective / 3600n;
  const minutes = (effective % 3600n) / 60n;
  const secs = effective % 60n;
  let text = 'PT';
  if (hours !== 0n) text += `${hours}H`;
  if (minutes !== 0n) text += `${minutes}M`;
  if (secs === 0n && nanos === 0n && text.length > 2) return text;
  text += seconds < 0n && nanos > 0n && secs === 0n ? '-0' : `${secs}`;
  if (nanos > 0n) {
    const fraction = seconds < 0n ? 2n * NANOS_PER_SECOND - nanos : nanos + NANOS_PER_SECOND;
    text += `.${String(fraction).slice(1).replace(/0+$/, '')}`;
  }
  return `${text}S`;
}
