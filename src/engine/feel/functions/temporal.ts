import { FeelDate, FeelDateTime, toFeel } from 'feelin';
import { currentMillis, timeZoneOf, type FeelOptions } from '../options';
import { feelFunction } from './feel-function';

export const temporalFunctions = {
  'last day of month': feelFunction(['date'], (date) => {
    if (!(date instanceof FeelDate) && !(date instanceof FeelDateTime)) return null;
    const day = date instanceof FeelDateTime ? date.value.toPlainDate() : date.value;
    return new FeelDate(day.with({ day: day.daysInMonth }));
  }),
};

/** now() and today() read the engine's clock rather than feelin's wall clock. */
export function clockFunctions(options: FeelOptions | undefined) {
  const zonedNow = () => {
    const utc = toFeel(new Date(currentMillis(options))) as FeelDateTime;
    return utc.value.toZonedDateTime('UTC').withTimeZone(timeZoneOf(options));
  };
  return {
    now: feelFunction([], () => {
      const now = zonedNow();
      return new FeelDateTime(now.toPlainDateTime(), now.timeZoneId);
    }),
    today: feelFunction([], () => new FeelDate(zonedNow().toPlainDate())),
  };
}
