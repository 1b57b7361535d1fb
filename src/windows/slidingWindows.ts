import { describeValue, type Duration, type Instant } from '../time.js';
import { floorMod, requireOffset, requirePositiveDuration } from './fixedWindows.js';
import { intervalWindow, type Window } from './window.js';
import type { WindowFn } from './windowFn.js';

/** At most this many windows per element; more is almost always a mistake (a period far smaller than the size). */
export const MAX_WINDOWS_PER_ELEMENT = 10_000;

/** Beam's default period for a size: the largest of 1 h, 1 min, 1 s, 1 ms strictly smaller than the size. */
export function defaultPeriod(size: Duration): Duration {
  for (const p of [3_600_000, 60_000, 1_000]) if (p < size) return p;
  return 1;
}

/**
 * Overlapping windows of `size` ms starting every `period` ms. Beam: `SlidingWindows.of(size).every(period)`.
 * Each element belongs to about `size / period` windows, listed newest first.
 *
 * @example slidingWindows(60_000, 10_000).assign(65_000).length // 6
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
  // When the period divides the size every element of one period gets the same windows, so the last
  // two answers are kept (out-of-order data near a period boundary alternates between two), and a new
  // answer reuses the window objects it shares with the last one.
  const cacheable = size % period === 0;
  let lastStart = Number.NaN;
  let last: readonly Window[] = [];
  let prevStart = Number.NaN;
  let prev: readonly Window[] = [];
  const build = (t: Instant, lastWindowStart: Instant): readonly Window[] => {
    const out: Window[] = [];
    for (let s = lastWindowStart; s > t - size; s -= period) {
      let w: Window | undefined;
      for (let i = 0; i < last.length; i++) if (last[i].start === s) w = last[i];
      out.push(w ?? intervalWindow(s, s + size));
    }
    return Object.freeze(out);
  };
  return {
    description: `sliding(${size}, ${period}, ${offset})`,
    isMerging: false,
    assign(t: Instant): readonly Window[] {
      const lastWindowStart = t - floorMod(t - offset, period);
      if (!cacheable) return build(t, lastWindowStart);
      if (lastWindowStart === lastStart) return last;
      const w = lastWindowStart === prevStart ? prev : build(t, lastWindowStart);
      prevStart = lastStart;
      prev = last;
      lastStart = lastWindowStart;
      last = w;
      return w;
    },
  };
}
