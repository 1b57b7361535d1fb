import { requireOffset, requirePositiveDuration } from '../internal/checks.js';
import { floorMod, slotStart } from '../internal/math.js';
import { END_OF_GLOBAL_WINDOW, type Duration, type Instant } from '../time.js';
import { intervalWindow, NO_WINDOWS, type Window } from './window.js';
import type { WindowFn } from './windowFn.js';

/**
 * Fixed, non-overlapping windows of `size` ms, aligned to `offset`. Beam: `FixedWindows.of(size).withOffset(offset)`.
 * Uses floor modulo, so timestamps before the epoch get the window that contains them.
 *
 * @example fixedWindows(60_000).assign(61_000) // [[60000, 120000)]
 *
 * @category Windows
 */
export function fixedWindows(size: Duration, offset: Duration = 0, op = 'fixedWindows'): WindowFn {
  requirePositiveDuration(op, 'size', size);
  requireOffset(op, offset, 'size', size);
  let lastStart = Number.NaN;
  // The end of the last window's range of times (start + size), so the common case is two comparisons.
  let lastLimit = Number.NaN;
  let last: readonly Window[] = [];
  // The previous window too: out-of-order data near a boundary alternates between two windows.
  let prevStart = Number.NaN;
  let prev: readonly Window[] = [];
  // Integer sizes and offsets make window starts exact integers, so `start <= t < start + size`
  // identifies the window of any `t` (fractional too) without the floating-point modulo.
  const exact = Number.isSafeInteger(size) && Number.isSafeInteger(offset);
  // Everything but "same window as last time", kept out of `assign` so that the hot path stays small
  // enough to be inlined into its callers.
  const assignOther = (t: Instant): readonly Window[] => {
    // No window contains a time after the end of the global window (the last one is cut there).
    if (t > END_OF_GLOBAL_WINDOW) return NO_WINDOWS;
    let start: number;
    if (exact) {
      if (t >= prevStart && t < prevStart + size) start = prevStart;
      else start = slotStart(t, size, offset);
    } else {
      start = t - floorMod(t - offset, size);
      if (start === lastStart) return last;
    }
    if (start === prevStart) {
      const w = prev;
      prevStart = lastStart;
      prev = last;
      lastStart = start;
      lastLimit = w[0].end;
      last = w;
      return w;
    }
    prevStart = lastStart;
    prev = last;
    // The last window is cut at the end of the global window, as in Beam (intervalWindow does it), and
    // the fast path then covers only the times up to the cut.
    const window = intervalWindow(start, start + size);
    lastStart = start;
    lastLimit = window.end;
    last = Object.freeze([window]);
    return last;
  };
  return {
    description: `fixed(${size}, ${offset})`,
    isMerging: false,
    partitionsTime: true,
    assign(t: Instant): readonly Window[] {
      if (exact && t >= lastStart && t < lastLimit) return last;
      return assignOther(t);
    },
  };
}
