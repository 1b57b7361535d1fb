import { isFiniteNumber, requireInstant } from '../internal/checks.js';
import { MAX_TIMESTAMP, MIN_TIMESTAMP, describeValue, isValidTimestamp, type Instant } from '../time.js';

/**
 * An event time in a test: epoch ms as a number, or a literal such as `'90s'`, `'1m30s'`, `'1500ms'`, `'+inf'`.
 *
 * @category Testing
 */
export type EventTimeLiteral = Instant | string;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(-?)((?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+)$/;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;

/**
 * Reads an event time written in a test. A number or a bare integer string is absolute epoch ms; a
 * duration literal (`60s`, `2m`, `1500ms`, `1m30s`, `-5s`; units ms, s, m, h, d) is that far after
 * `origin`; `+inf` / `-inf` are the largest and smallest timestamps (a watermark at `+inf` means no more input).
 *
 * @example parseEventTime('1m30s', 1704067200000) // 1704067290000
 *
 * @category Testing
 */
export function parseEventTime(literal: EventTimeLiteral, origin: Instant = 0): Instant {
  requireInstant('parseEventTime', 'origin', origin);
  if (typeof literal === 'number') {
    if (!isValidTimestamp(literal)) throw new TypeError(`parseEventTime: an event time must be epoch ms within ±8.64e15, got ${describeValue(literal)}`);
    return literal;
  }
  if (typeof literal !== 'string') throw new TypeError(`parseEventTime: an event time must be a number or a literal like '60s', got ${describeValue(literal)}`);
  const text = literal.trim();
  if (text === '+inf' || text === 'inf') return MAX_TIMESTAMP;
  if (text === '-inf') return MIN_TIMESTAMP;
  let t: number | undefined;
  if (/^-?\d+$/.test(text)) t = Number(text);
  else {
    const m = DURATION.exec(text);
    if (m !== null) {
      let ms = 0;
      for (const part of m[2].matchAll(PART)) ms += Number(part[1]) * UNIT_MS[part[2]];
      t = origin + (m[1] === '-' ? -ms : ms);
    }
  }
  if (t === undefined || !isValidTimestamp(t)) {
    throw new TypeError(
      `parseEventTime: an event time must be epoch ms, a duration after the origin ('60s', '2m', '1500ms', '1m30s') or '+inf', got ${describeValue(literal)}`,
    );
  }
  return t;
}

/**
 * Writes an instant the way {@link parseEventTime} reads it: relative to `origin` in the largest whole
 * unit (`1m`, `61s`, `59999ms`), or `+inf` / `-inf`.
 *
 * @example formatEventTime(1704067260000, 1704067200000) // '1m'
 *
 * @category Testing
 */
export function formatEventTime(t: Instant, origin: Instant = 0): string {
  // A pane with a broken time is still written, so that a diff can show it.
  if (typeof t !== 'number' || Number.isNaN(t) || !isFiniteNumber(origin)) return describeValue(t);
  if (t >= MAX_TIMESTAMP) return '+inf';
  if (t <= MIN_TIMESTAMP) return '-inf';
  const d = t - origin;
  const sign = d < 0 ? '-' : '';
  const a = Math.abs(d);
  if (a === 0) return '0s';
  if (a % 60_000 === 0) return `${sign}${a / 60_000}m`;
  if (a % 1_000 === 0) return `${sign}${a / 1_000}s`;
  return `${sign}${a}ms`;
}
