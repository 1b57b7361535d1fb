import type { ElementRecord, EventTimeRecord } from '../core/records.js';
import { describeValue, type Instant } from '../time.js';
import { requireInstant, requireOptionalFunction, requireOptions } from '../internal/checks.js';
import { parseEventTime, type EventTimeLiteral } from './instants.js';

/**
 * Options of {@link eventTimeMarbles}.
 *
 * @category Testing
 */
export interface EventTimeMarblesOptions<T> {
  /** What duration literals (`'60s'`) count from, in epoch ms. Default 0. */
  readonly origin?: Instant | undefined;
  /**
   * Reads event times from the values themselves; then `values` maps names to plain values instead of
   * `[value, eventTime]` pairs.
   */
  readonly eventTime?: ((value: T) => Instant) | undefined;
}

/**
 * `[marbles, values]` for RxJS `cold` / `hot`: `cold(...eventTimeMarbles(...))` is an event-time record stream.
 *
 * @category Testing
 */
export type EventTimeMarbles<T> = readonly [marbles: string, values: { readonly [name: string]: EventTimeRecord<T> }];

// Private-use characters stand for the records, so they cannot clash with a name the caller chose.
const FIRST_CODE = 0xe000;
const LAST_CODE = 0xf8ff;
const TIME_PROGRESSION = /^\d+(?:\.\d+)?(?:ms|s|m) /;
const PASS_THROUGH = new Set(['-', '|', '^', '!', '#']);

/**
 * Translates an event-time marble diagram into an RxJS one. Frames are processing time and count
 * exactly as in RxJS marbles (run mode: spaces are free, `5s ` moves 5000 frames, a group of n
 * characters takes n frames). Each one-character name is an element with its event time;
 * a group `(abc)` is one bundle (the elements arrive together, as in a TestStream's `addElements`);
 * `W:<time>` inside a group is a watermark (`(W:60s)`, `(ab W:1m)` = bundle then watermark,
 * `(W:+inf)`). Times are literals read by {@link parseEventTime} relative to `origin`.
 * The event-time counterpart of Beam's `TestStream` written as a diagram.
 *
 * @param marbles - The diagram.
 * @param values - The elements by name: `[value, eventTime]` pairs, or plain values when `options.eventTime` reads the time.
 * @param options - `origin` for time literals and `eventTime`.
 *
 * @example
 * testScheduler.run(({ cold }) => {
 *   const events$ = cold(...eventTimeMarbles('a b (W:60s) c |', { a: ['x', '5s'], b: ['y', '70s'], c: ['z', '20s'] }));
 *   // a@5s at frame 0, b@70s at frame 1, watermark 60s at frame 2, c@20s (late) at frame 9, complete at frame 10
 * });
 *
 * @category Testing
 */
export function eventTimeMarbles<T>(
  marbles: string,
  values: { readonly [name: string]: readonly [value: T, eventTime: EventTimeLiteral] },
  options?: EventTimeMarblesOptions<T> & { readonly eventTime?: undefined },
): EventTimeMarbles<T>;
export function eventTimeMarbles<T>(
  marbles: string,
  values: { readonly [name: string]: T },
  options: EventTimeMarblesOptions<T> & { readonly eventTime: (value: T) => Instant },
): EventTimeMarbles<T>;
export function eventTimeMarbles<T>(marbles: string, values: { readonly [name: string]: unknown }, options: EventTimeMarblesOptions<T> = {}): EventTimeMarbles<T> {
  if (typeof marbles !== 'string') throw new TypeError(`eventTimeMarbles: marbles must be a string, got ${describeValue(marbles)}`);
  if (typeof values !== 'object' || values === null) throw new TypeError(`eventTimeMarbles: values must be an object, got ${describeValue(values)}`);
  requireOptions('eventTimeMarbles', options);
  requireOptionalFunction('eventTimeMarbles', 'eventTime', options.eventTime);
  const origin = options.origin ?? 0;
  requireInstant('eventTimeMarbles', 'origin', origin);
  const out: string[] = [];
  const table: Record<string, EventTimeRecord<T>> = {};
  let code = FIRST_CODE;
  const emit = (record: EventTimeRecord<T>): string => {
    if (code > LAST_CODE) throw new RangeError(`eventTimeMarbles: at most ${LAST_CODE - FIRST_CODE + 1} records per diagram`);
    const c = String.fromCharCode(code++);
    table[c] = record;
    return c;
  };
  const elementOf = (name: string, at: number): ElementRecord<T> => {
    if (!Object.prototype.hasOwnProperty.call(values, name)) {
      throw new RangeError(`eventTimeMarbles: ${JSON.stringify(name)} at position ${at} has no entry in values`);
    }
    const entry = values[name];
    if (options.eventTime !== undefined) {
      const value = entry as T;
      return { kind: 'element', value, timestamp: parseEventTime(options.eventTime(value), origin) };
    }
    if (!Array.isArray(entry) || entry.length !== 2) {
      throw new TypeError(`eventTimeMarbles: values.${name} must be a [value, eventTime] pair (or pass an eventTime option), got ${describeValue(entry)}`);
    }
    return { kind: 'element', value: entry[0] as T, timestamp: parseEventTime(entry[1] as EventTimeLiteral, origin) };
  };
  for (let i = 0; i < marbles.length; i++) {
    const c = marbles[i];
    if (c === ' ' || PASS_THROUGH.has(c)) {
      out.push(c);
      continue;
    }
    if (c >= '0' && c <= '9' && (i === 0 || marbles[i - 1] === ' ')) {
      const m = TIME_PROGRESSION.exec(marbles.slice(i));
      if (m !== null) {
        out.push(m[0]);
        i += m[0].length - 1;
        continue;
      }
    }
    if (c === ')') throw new SyntaxError(`eventTimeMarbles: ')' at position ${i} closes no group`);
    if (c !== '(') {
      out.push(emit(elementOf(c, i)));
      continue;
    }
    const close = marbles.indexOf(')', i + 1);
    if (close < 0) throw new SyntaxError(`eventTimeMarbles: '(' at position ${i} is never closed`);
    const body = marbles.slice(i + 1, close);
    if (body.includes('(')) throw new SyntaxError(`eventTimeMarbles: groups cannot nest, at position ${i}`);
    const chars: string[] = [];
    let bundle: ElementRecord<T>[] = [];
    const endBundle = () => {
      if (bundle.length === 1) chars.push(emit(bundle[0]));
      else if (bundle.length > 1) chars.push(emit({ kind: 'bundle', elements: bundle }));
      bundle = [];
    };
    for (let j = 0; j < body.length; j++) {
      const ch = body[j];
      if (ch === ' ') continue;
      if (ch === 'W' && body[j + 1] === ':') {
        let end = j + 2;
        while (end < body.length && body[end] !== ' ') end++;
        const literal = body.slice(j + 2, end);
        endBundle();
        chars.push(emit({ kind: 'watermark', watermark: parseEventTime(literal, origin) }));
        j = end - 1;
        continue;
      }
      bundle.push(elementOf(ch, i + 1 + j));
    }
    endBundle();
    if (chars.length === 0) throw new SyntaxError(`eventTimeMarbles: empty group at position ${i}`);
    // Keep RxJS's frame count: the written group takes one frame per non-space character.
    const written = body.replace(/ /g, '').length + 2;
    out.push(`(${chars.join('')})`, '-'.repeat(written - chars.length - 2), ' '.repeat(body.length - body.replace(/ /g, '').length));
    i = close;
  }
  return [out.join(''), table] as const;
}
