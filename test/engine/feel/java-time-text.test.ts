import { expect } from 'chai';
import { durationText, localDateText, localTimeText, offsetText, periodText } from '../../../src/engine/feel/java-time-text';

/** The rows are what java.time's toString() writes for the same values. */
describe('java.time text', () => {
  const cases: Array<[label: string, actual: () => string, expected: string]> = [
    ['LocalDate 2024-03-01', () => localDateText(2024, 3, 1), '2024-03-01'],
    ['LocalDate year 12', () => localDateText(12, 1, 2), '0012-01-02'],
    ['LocalDate year 12345', () => localDateText(12345, 1, 2), '+12345-01-02'],
    ['LocalTime 10:00', () => localTimeText(10, 0, 0, 0), '10:00'],
    ['LocalTime 10:00:05', () => localTimeText(10, 0, 5, 0), '10:00:05'],
    ['LocalTime with millis', () => localTimeText(10, 0, 0, 120_000_000), '10:00:00.120'],
    ['LocalTime with micros', () => localTimeText(10, 0, 0, 123_000), '10:00:00.000123'],
    ['LocalTime with nanos', () => localTimeText(10, 0, 0, 1), '10:00:00.000000001'],
    ['ZoneOffset zero', () => offsetText(0), 'Z'],
    ['ZoneOffset +08:00', () => offsetText(8 * 3600), '+08:00'],
    ['ZoneOffset -03:30', () => offsetText(-(3 * 3600 + 1800)), '-03:30'],
    ['ZoneOffset with seconds', () => offsetText(3600 + 5), '+01:00:05'],
    ['Period zero', () => periodText(0), 'P0D'],
    ['Period 14 months', () => periodText(14), 'P1Y2M'],
    ['Period -14 months', () => periodText(-14), 'P-1Y-2M'],
    ['Duration zero', () => durationText(0n), 'PT0S'],
    ['Duration one day', () => durationText(86_400n * 1_000_000_000n), 'PT24H'],
    ['Duration 90 minutes', () => durationText(5_400n * 1_000_000_000n), 'PT1H30M'],
    ['Duration -90 minutes', () => durationText(-5_400n * 1_000_000_000n), 'PT-1H-30M'],
    ['Duration 1.5 seconds', () => durationText(1_500_000_000n), 'PT1.5S'],
    ['Duration -0.5 seconds', () => durationText(-500_000_000n), 'PT-0.5S'],
    ['Duration -1.5 seconds', () => durationText(-1_500_000_000n), 'PT-1.5S'],
    ['Duration 1 hour 0.25 seconds', () => durationText(3_600_250_000_000n), 'PT1H0.25S'],
  ];
  for (const [label, actual, expected] of cases) {
    it(`when writing ${label}, then the text is ${expected}`, () => {
      expect(actual()).to.equal(expected);
    });
  }
});
