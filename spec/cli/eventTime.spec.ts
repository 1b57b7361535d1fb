import fc from 'fast-check';
import { parseIsoInstant, readEventTime } from '../../src/cli/eventTime';

describe('parseIsoInstant', () => {
  it.each([
    ['2024-01-01T00:00:05Z', 1704067205000],
    ['2024-01-01T00:00:05.250Z', 1704067205250],
    ['2024-01-01T00:00:05.123456789Z', 1704067205123],
    ['2024-01-01T01:00:05+01:00', 1704067205000],
    ['2023-12-31T23:00:05-0100', 1704067205000],
    ['2024-01-01T00:00:05', 1704067205000],
    ['2024-01-01 00:00:05', 1704067205000],
    ['2024-01-01T00:00', 1704067200000],
    ['2024-01-01', 1704067200000],
    ['2024-02-29T00:00:00Z', 1709164800000],
    ['0001-01-01T00:00:00Z', -62135596800000],
  ])('%s is %d', (text, ms) => expect(parseIsoInstant(text)).toBe(ms));

  it.each(['2023-02-29', '2024-13-01', '2024-01-01T24:00:00Z', '2024-01-01T00:60:00Z', '2024-01-01T00:00:00+25:00', '1704067205', 'yesterday', '2024-1-1'])(
    '%s is not an instant',
    (text) => expect(parseIsoInstant(text)).toBeUndefined(),
  );

  it('reads back every instant that Date prints, to the millisecond', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62135596800000, max: 253402300799999 }), (t) => parseIsoInstant(new Date(t).toISOString()) === t),
    );
  });
});

describe('readEventTime', () => {
  it('numbers in the chosen unit, strings as ISO-8601 in any unit but iso refuses numbers', () => {
    expect(readEventTime(1704067205000, 'ms')).toEqual({ time: 1704067205000 });
    expect(readEventTime(1704067205.5, 's')).toEqual({ time: 1704067205500 });
    expect(readEventTime('2024-01-01T00:00:05Z', 'ms')).toEqual({ time: 1704067205000 });
    expect(readEventTime('2024-01-01T00:00:05Z', 's')).toEqual({ time: 1704067205000 });
    expect(readEventTime(1704067205, 'iso')).toEqual({ reason: 'must be an ISO-8601 string (--time-unit iso), got 1704067205' });
    expect(readEventTime(null, 'ms')).toEqual({ reason: 'must be a number of epoch milliseconds or an ISO-8601 string, got null' });
    expect(readEventTime(true, 's')).toEqual({ reason: 'must be a number of epoch seconds or an ISO-8601 string, got true' });
    expect(readEventTime([], 'iso')).toEqual({ reason: 'must be an ISO-8601 string, got an array of length 0' });
    expect(readEventTime(9e15, 'ms')).toEqual({ reason: 'is out of range (-8.64e15 to 8639999913600000 ms, the end of the global window), got 9000000000000000' });
    expect(readEventTime(8639999913600000, 'ms')).toEqual({ time: 8639999913600000 });
    expect(readEventTime(8639999913600001, 'ms')).toEqual({ reason: 'is out of range (-8.64e15 to 8639999913600000 ms, the end of the global window), got 8639999913600001' });
    expect(readEventTime(9e12, 's')).toEqual({ reason: 'is out of range (-8.64e15 to 8639999913600000 ms, the end of the global window), got 9000000000000' });
  });
});
