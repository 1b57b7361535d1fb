import { END_OF_GLOBAL_WINDOW, describeValue, formatInstant, isValidEventTime } from '../time.js';

/** How the event-time field is written: epoch milliseconds, epoch seconds, or ISO-8601 text. */
export type TimeUnit = 'ms' | 's' | 'iso';

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Reads an ISO-8601 date-time (`2024-01-01T00:00:05Z`, `2024-01-01T01:00:05+01:00`,
 * `2024-01-01 00:00:05.250`, `2024-01-01`) as epoch ms, or returns undefined. Text without a zone is
 * read as UTC, so that the result never depends on the machine's time zone.
 */
export function parseIsoInstant(text: string): number | undefined {
  const m = ISO.exec(text);
  if (m === null) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone = 'Z'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCDate() !== day) return undefined;
  const millis = Number(frac.padEnd(3, '0').slice(0, 3)); // finer digits are cut, as epoch ms holds none
  date.setUTCHours(hour, minute, second, millis);
  let offsetMinutes = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = sign * (oh * 60 + om);
  }
  return date.getTime() - offsetMinutes * 60_000;
}

/**
 * The event time of a field value in epoch ms, or the reason it is not one. Numbers are read in
 * `unit` (ms or s); strings are read as ISO-8601 whatever the unit, except that `iso` refuses numbers.
 */
export function readEventTime(raw: unknown, unit: TimeUnit): { time: number } | { reason: string } {
  let t: number | undefined;
  if (typeof raw === 'number') {
    if (unit === 'iso') return { reason: `must be an ISO-8601 string (--time-unit iso), got ${describeValue(raw)}` };
    t = unit === 's' ? Math.round(raw * 1000) : raw;
  } else if (typeof raw === 'string') {
    t = parseIsoInstant(raw.trim());
    if (t === undefined) return { reason: `must be an ISO-8601 date-time, got ${describeValue(raw)}` };
  } else {
    const what = unit === 'iso' ? 'an ISO-8601 string' : `a number of epoch ${unit === 's' ? 'seconds' : 'milliseconds'} or an ISO-8601 string`;
    return { reason: `must be ${what}, got ${describeValue(raw)}` };
  }
  if (!Number.isFinite(t) || !isValidEventTime(t)) {
    return { reason: `is out of range (-8.64e15 to ${END_OF_GLOBAL_WINDOW} ms, the end of the global window), got ${describeValue(raw)}` };
  }
  return { time: t };
}

/**
 * A warning when a time read as epoch milliseconds by default looks like epoch seconds: from 1e9 to
 * 1e10 it is a day from 12 January to 26 April 1970 in milliseconds but 2001 to 2286 in seconds, far
 * likelier for data of today. Undefined when the number does not look like seconds.
 */
export function secondsWarning(raw: unknown, field: string, line: number): string | undefined {
  if (typeof raw !== 'number' || !(raw >= 1e9 && raw < 1e10)) return undefined;
  return (
    `warning: line ${line}: time field ${JSON.stringify(field)} is ${raw}, read as epoch milliseconds (${formatInstant(raw)}); ` +
    `if the times are epoch seconds (${formatInstant(Math.round(raw * 1000))}), pass --time-unit s`
  );
}
