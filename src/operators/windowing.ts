import type { OperatorFunction } from 'rxjs';
import type { EventTimeRecord } from '../core/records.js';
import { requireOptions, requireWindowFn } from '../internal/checks.js';
import type { Duration } from '../time.js';
import { fixedWindows } from '../windows/fixedWindows.js';
import { globalWindows } from '../windows/globalWindows.js';
import { sessionWindows, type SessionGap } from '../windows/sessionWindows.js';
import { defaultPeriod, slidingWindows } from '../windows/slidingWindows.js';
import type { WindowFn } from '../windows/windowFn.js';
import { strategyOperator } from './strategyOperator.js';
import type { EventTimeOperator } from './stream.js';

/**
 * Puts elements into windows made by any {@link WindowFn}. Beam: `Window.into(fn)`.
 *
 * @param windowFn - The window function.
 *
 * @category Windows
 */
export function windowInto(windowFn: WindowFn): EventTimeOperator;
/** The same with the element type given explicitly, e.g. `windowInto<Reading>(fn)`. */
export function windowInto<T>(windowFn: WindowFn): OperatorFunction<EventTimeRecord<T>, EventTimeRecord<T>>;
export function windowInto<T>(windowFn: WindowFn): OperatorFunction<EventTimeRecord<T>, EventTimeRecord<T>> {
  requireWindowFn('windowInto', 'windowFn', windowFn);
  return windowOperator<T>('windowInto', windowFn);
}

/** {@link windowInto} under the name of the operator that builds it, for its error messages. */
export function windowOperator<T>(op: string, windowFn: WindowFn): OperatorFunction<EventTimeRecord<T>, EventTimeRecord<T>> {
  return strategyOperator<T>(op, (s) => ({ ...s, windowFn }));
}

/**
 * Fixed windows of `size` ms: `[0, size)`, `[size, 2 size)`, ... shifted by `offset`.
 * Beam: `Window.into(FixedWindows.of(size).withOffset(offset))`.
 *
 * @param size - The window size in ms.
 * @param options - `offset`: shifts the window boundaries by this many ms.
 *
 * @example events$.pipe(assignEventTime((e) => e.time), fixedWindow(60_000))
 *
 * @category Windows
 */
export function fixedWindow(size: Duration, options?: { offset?: Duration | undefined }): EventTimeOperator;
/** The same with the element type given explicitly, e.g. `fixedWindow<Reading>(60_000)`. */
export function fixedWindow<T>(size: Duration, options?: { offset?: Duration | undefined }): OperatorFunction<EventTimeRecord<T>, EventTimeRecord<T>>;
export function fixedWindow<T>(size: Duration, options: { offset?: Duration | undefined } = {}): OperatorFunction<EventTimeRecord<T>, EventTimeRecord<T>> {
  return windowOperator<T>('fixedWindow', fixedWindows(size, requireOptions('fixedWindow', options).offset ?? 0, 'fixedWindow'));
}

/**
 * Sliding windows of `size` ms starting every `period` ms (default: Beam's default period for the size).
 * Beam: `Window.into(SlidingWindows.of(size).every(period).withOffset(offset))`.
 *
 * @param size - The window size in ms.
 * @param period - How often a window starts, in ms.
 * @param options - `offset`: shifts the window boundaries by this many ms.
 *
 * @example slidingWindow(60_000, 10_000) // each element in 6 overlapping one-minute windows
 *
 * @category Windows
 */
export function slidingWindow(size: Duration, period?: Duration, options?: { offset?: Duration | undefined }): EventTimeOperator;
/** The same with the element type given explicitly, e.g. `slidingWindow<Reading>(60_000, 10_000)`. */
export function slidingWindow<T>(size: Duration, period?: Duration, options?: { offset?: Duration | undefined }): OperatorFunction<EventTimeRecord<T>, EventTimeRecord<T>>;
export function slidingWindow<T>(
  size: Duration,
  period: Duration = defaultPeriod(size),
  options: { offset?: Duration | undefined } = {},
): OperatorFunction<EventTimeRecord<T>, EventTimeRecord<T>> {
  return windowOperator<T>('slidingWindow', slidingWindows(size, period, requireOptions('slidingWindow', options).offset ?? 0, 'slidingWindow'));
}

/**
 * Puts every element into the one global window. Beam: `Window.into(new GlobalWindows())`.
 *
 * @category Windows
 */
export function globalWindow(): EventTimeOperator;
/** The same with the element type given explicitly, e.g. `globalWindow<Reading>()`. */
export function globalWindow<T>(): OperatorFunction<EventTimeRecord<T>, EventTimeRecord<T>>;
export function globalWindow<T>(): OperatorFunction<EventTimeRecord<T>, EventTimeRecord<T>> {
  return windowOperator<T>('globalWindow', globalWindows());
}

/**
 * Session windows per key: each element opens `[t, t + gap)` and overlapping windows of the same key
 * merge, so a session closes after `gap` ms of event time without data. Late elements that bridge two
 * sessions merge them. Beam: `Window.into(Sessions.withGapDuration(gap))`.
 *
 * `gap` may also be a function of the element, for a gap per element (Flink:
 * `EventTimeSessionWindows.withDynamicGap`); a gap it returns that is not a positive finite number is
 * bad input for the grouping downstream, which fails or routes it as its `onError` says.
 *
 * @param gap - How long a key may be silent, in ms, before its session ends; or a function giving it per element.
 *
 * @example events$.pipe(assignEventTime((e) => e.time), sessionWindow(30 * 60_000), groupByKey((e) => e.user))
 * @example events$.pipe(assignEventTime((e) => e.time), sessionWindow((e: Visit) => e.idleLimit), groupByKey((e) => e.user))
 *
 * @category Windows
 */
export function sessionWindow(gap: Duration): EventTimeOperator;
/** The same with the element type given explicitly, e.g. `sessionWindow<Reading>(30 * 60_000)`, or taken from a gap function. */
export function sessionWindow<T>(gap: Duration | SessionGap<T>): OperatorFunction<EventTimeRecord<T>, EventTimeRecord<T>>;
export function sessionWindow<T>(gap: Duration | SessionGap<T>): OperatorFunction<EventTimeRecord<T>, EventTimeRecord<T>> {
  return windowOperator<T>('sessionWindow', sessionWindows(gap, 'sessionWindow'));
}
