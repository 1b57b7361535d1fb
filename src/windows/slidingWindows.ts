import { END_OF_GLOBAL_WINDOW, describeValue, type Duration, type Instant } from '../time.js';
import { requireOffset, requirePositiveDuration } from '../internal/checks.js';
import { floorMod, slotStart } from '../internal/math.js';
import { intervalWindow, NO_WINDOWS, type Window } from './window.js';
import type { WindowFn } from './windowFn.js';

/**
 * At most this many windows per element; more is almost always a mistake (a period far smaller than the size).
 *
 * @category Windows
 */
export const MAX_WINDOWS_PER_ELEMENT = 10_000;

/**
 * Beam's default period for a size: the largest of 1 h, 1 min, 1 s, 1 ms strictly smaller than the size.
 *
 * @category Windows
 */
export function defaultPeriod(size: Duration): Duration {
  for (const p of [3_600_000, 60_000, 1_000]) if (p < size) return p;
  return 1;
}

/**
 * Overlapping windows of `size` ms starting every `period` ms. Beam: `SlidingWindows.of(size).every(period)`.
 * Each element belongs to about `size / period` windows, listed newest first. A period longer than the
 * size leaves gaps: an element in a gap gets no window (the grouping routes it as a `'no-window'` dead letter).
 *
 * @example slidingWindows(60_000, 10_000).assign(65_000).length // 6
 *
 * @category Windows
 */
export function slidingWindows(size: Duration, period: Duration = defaultPeriod(size), offset: Duration = 0, op = 'slidingWindows'): WindowFn {
  requirePositiveDuration(op, 'size', size);
  requirePositiveDuration(op, 'period', period);
  requireOffset(op, offset, 'period', period);
  const perElement = Math.ceil(size / period);
  if (perElement > MAX_WINDOWS_PER_ELEMENT) {
    throw new RangeError(
      `${op}: size / period must be at most ${MAX_WINDOWS_PER_ELEMENT} windows per element, got ${describeValue(size)} / ${describeValue(period)} = ${perElement}`,
    );
  }
  // The windows of a time are the starts `newest - k * period` (k = 0, 1, ...) after `t - size`, so an
  // answer is fixed by its newest start and its count. When the period divides the size the count is
  // always size / period; otherwise it depends on where in the period the time falls (and may be 0).
  const fixedCount = size % period === 0 ? size / period : 0;
  const countAt = (t: Instant, newest: Instant): number => {
    // The division gives the count up to rounding; the loops settle it with the exact rule.
    // A window holds t when start + size > t, tested so (t - size could round onto the start).
    let n = Math.max(0, Math.ceil((newest - t + size) / period));
    while (n > 0 && !(newest - (n - 1) * period + size > t)) n--;
    while (newest - n * period + size > t) n++;
    return n;
  };
  // The last two answers are kept (out-of-order data near a period boundary alternates between two).
  // `fastStart` is the last answer's newest start when every time of its period gets that answer (the
  // count is fixed, and the period ends by the end of the global window), else NaN.
  let fastStart = Number.NaN;
  // With whole-number period and offset, slot starts are exact: a time in [fastStart, fastEnd) has the
  // last answer, checked without the floating-point modulo (NaN when that check is not exact).
  const exact = Number.isSafeInteger(period) && Number.isSafeInteger(offset);
  let fastEnd = Number.NaN;
  let lastStart = Number.NaN;
  let last: readonly Window[] = NO_WINDOWS;
  let prevStart = Number.NaN;
  let prev: readonly Window[] = NO_WINDOWS;
  // A new answer reuses the window objects it shares with the last one: those are `period` apart too,
  // so the one with a given start is found by its index, and building an answer is linear in its size.
  const build = (newest: Instant, n: number): readonly Window[] => {
    const out = new Array<Window>(n);
    const reuse = last;
    const reuseFirst = reuse.length > 0 ? reuse[0].start : Number.NaN;
    for (let k = 0; k < n; k++) {
      const s = newest - k * period;
      const i = Math.round((reuseFirst - s) / period);
      const w = i >= 0 && i < reuse.length ? reuse[i] : undefined;
      out[k] = w !== undefined && w.start === s ? w : intervalWindow(s, s + size);
    }
    return Object.freeze(out);
  };
  // Everything but "same windows as last time" (when the period divides the size), kept out of `assign`
  // so that the hot path stays small enough to be inlined into its callers.
  const assignOther = (t: Instant, newest: Instant): readonly Window[] => {
    // No window contains a time after the end of the global window (the windows there are cut at it).
    if (t > END_OF_GLOBAL_WINDOW) return NO_WINDOWS;
    const n = fixedCount !== 0 ? fixedCount : countAt(t, newest);
    if (newest === lastStart && n === last.length) return last;
    let w: readonly Window[];
    if (newest === prevStart && n === prev.length) w = prev;
    else w = n === 0 ? NO_WINDOWS : build(newest, n);
    prevStart = lastStart;
    prev = last;
    lastStart = newest;
    last = w;
    fastStart = fixedCount !== 0 && newest + period <= END_OF_GLOBAL_WINDOW ? newest : Number.NaN;
    fastEnd = exact ? fastStart + period : Number.NaN;
    return w;
  };
  return {
    description: `sliding(${size}, ${period}, ${offset})`,
    isMerging: false,
    // Whole-number slices only: their starts are then computed exactly (`slotStart`).
    ...(fixedCount !== 0 && exact ? { slices: { period, offset, windows: fixedCount } } : {}),
    assign(t: Instant): readonly Window[] {
      if (t >= fastStart && t < fastEnd) return last;
      const newest = exact ? slotStart(t, period, offset) : t - floorMod(t - offset, period);
      if (newest === fastStart) return last;
      return assignOther(t, newest);
    },
  };
}
