import type { Observable, OperatorFunction } from 'rxjs';
import { IntervalJoiner, type IntervalJoinMetrics } from '../core/intervalJoiner.js';
import type { EventTimeRecord } from '../core/records.js';
import { requireFiniteMs, requireFunction, requireObservable, requireOptionalFunction, requireOptions } from '../internal/checks.js';
import type { DeadLetterSink } from './deadLetters.js';
import { guardJoin, joinedPair, joinKey, requireSharedJoinOptions, twoInputJoin } from './twoInputJoin.js';
import type { EventTimeStream } from './stream.js';

/**
 * The default output of a join: the two joined values.
 *
 * @category Operators
 */
export interface Joined<L, R> {
  readonly left: L;
  readonly right: R;
}

/**
 * Options of {@link intervalJoin}.
 *
 * @category Operators
 */
export interface IntervalJoinOptions<L, R, K, O> {
  /** The key of a left (piped) element; keys are compared by value (see `encodeKey`). */
  readonly key: (left: L) => K;
  /** The key of a right (other) element. */
  readonly otherKey: (right: R) => K;
  /** The lowest offset of a matching right element's time from the left element's, in ms (inclusive; may be negative). Flink: `between(lowerBound, ...)`. */
  readonly lowerBound: number;
  /** The highest offset of a matching right element's time from the left element's, in ms (inclusive). */
  readonly upperBound: number;
  /** Makes the output of a matching pair. Default `{ left, right }`. Flink: `ProcessJoinFunction`. */
  readonly join?: ((left: L, right: R) => O) | undefined;
  /**
   * How far behind the join's watermark an element is still joined, in ms (default 0). The output
   * watermark is held back by as much, and buffered elements are kept as much longer.
   */
  readonly allowedLateness?: number | undefined;
  /**
   * Where elements beyond the allowed lateness go (reason `'beyond-allowed-lateness'`), and under
   * `onError: 'route'` elements whose key function threw or whose key is invalid: pass a `Subject`.
   * Late elements are counted in `droppedLate` whether or not it is given.
   */
  readonly deadLetters?: DeadLetterSink<L | R> | undefined;
  /**
   * What an element whose key function throws, or whose key is invalid, does: `'fail'` (default) errors
   * the stream; `'route'` sends it to `deadLetters` (required with it), counts it in `badRecords`, and goes on.
   */
  readonly onError?: 'fail' | 'route' | undefined;
  /** Receives the join's live counters once per subscription, before any input (see {@link IntervalJoinMetrics}). */
  readonly onMetrics?: ((metrics: Readonly<IntervalJoinMetrics>) => void) | undefined;
  /** The id its state is filed under in checkpoints (see `GroupingOptions.uid`). Default the operator's name and its place (`intervalJoin#1`). */
  readonly uid?: string | undefined;
}

/** The checks of an interval join's options, when the operator is built. */
function requireIntervalOptions(op: string, options: IntervalJoinOptions<never, never, unknown, unknown>): void {
  const o = requireOptions(op, options);
  requireFunction(op, 'key', o.key);
  requireFunction(op, 'otherKey', o.otherKey);
  requireFiniteMs(op, 'lowerBound', o.lowerBound);
  requireFiniteMs(op, 'upperBound', o.upperBound);
  if (o.lowerBound > o.upperBound) throw new RangeError(`${op}: lowerBound must not be above upperBound, got ${o.lowerBound} > ${o.upperBound}`);
  requireOptionalFunction(op, 'join', o.join);
  requireSharedJoinOptions(op, o);
}

/**
 * Joins each element of the piped stream with every element of `other$` of the same key whose event time
 * lies within `[time + lowerBound, time + upperBound]` (bounds inclusive). Flink: `IntervalJoin`
 * (`keyBy(...).intervalJoin(...).between(lowerBound, upperBound)`).
 *
 * Both inputs are event-time streams (from `assignEventTime`, or panes through `asEventTime()`). A pair
 * is emitted as soon as its second element arrives, stamped with the later of the two event times, as
 * Flink does. The join's watermark is the smaller of the inputs' watermarks; an element behind it by
 * more than `allowedLateness` is a dead letter, and the output watermark is the join's watermark minus
 * `allowedLateness`, so no pair is ever late. Each buffered element is dropped once the watermark minus
 * the allowed lateness has passed the last time it could match; when both inputs end, everything is.
 * The output has no windows and the default strategy: window it again downstream.
 *
 * @param other$ - The right input.
 * @param options - `key`, `otherKey`, `lowerBound`, `upperBound`, and `join`, `allowedLateness`, `deadLetters`, `onError`, `onMetrics`.
 *
 * @example
 * // Each click with the impressions of the same ad shown up to 10 minutes before it.
 * clicks$.pipe(intervalJoin(impressions$, { key: (c) => c.adId, otherKey: (i) => i.adId, lowerBound: -600_000, upperBound: 0 }))
 *
 * @category Operators
 */
export function intervalJoin<L, R, K, O = Joined<L, R>>(
  other$: Observable<EventTimeRecord<R>>,
  options: IntervalJoinOptions<L, R, K, O>,
): OperatorFunction<EventTimeRecord<L>, EventTimeRecord<O>> {
  const op = 'intervalJoin';
  requireObservable(op, 'other$', other$);
  requireIntervalOptions(op, options as unknown as IntervalJoinOptions<never, never, unknown, unknown>);
  const route = options.onError === 'route' ? options.deadLetters : undefined;
  const config = {
    lowerBound: options.lowerBound,
    upperBound: options.upperBound,
    allowedLateness: options.allowedLateness ?? 0,
    leftKey: joinKey<L>(op, 'key', options.key, route),
    rightKey: joinKey<R>(op, 'otherKey', options.otherKey, route),
    join: options.join === undefined ? (joinedPair as unknown as (left: L, right: R) => O) : guardJoin(op, options.join),
  };
  return (source): EventTimeStream<O> =>
    twoInputJoin<L, R, O, IntervalJoinMetrics>(op, source, other$, options, (out) => new IntervalJoiner<L, R, O>(config, out));
}
