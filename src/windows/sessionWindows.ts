import { END_OF_GLOBAL_WINDOW, type Duration, type Instant } from '../time.js';
import { requirePositiveDuration } from '../internal/checks.js';
import { compareWindows, intervalWindow, NO_WINDOWS, spanWindows, windowsIntersect, type Window } from './window.js';
import type { WindowFn, WindowMerge } from './windowFn.js';

/**
 * Merges overlapping windows: sorts them by start and folds every run whose next window intersects the
 * running union into one window spanning the run. Touching windows (`a.end == b.start`) stay apart.
 * Beam: `MergeOverlappingIntervalWindows`.
 *
 * @category Windows
 */
export function mergeOverlappingWindows(windows: readonly Window[]): WindowMerge[] {
  const sorted = [...windows].sort(compareWindows);
  const merges: WindowMerge[] = [];
  let run: Window[] = [];
  let union: Window | undefined;
  const close = () => {
    if (run.length > 1 && union !== undefined) merges.push({ toMerge: run, result: union });
  };
  for (const w of sorted) {
    if (union !== undefined && windowsIntersect(union, w)) {
      run.push(w);
      union = spanWindows(union, w);
    } else {
      close();
      run = [w];
      union = w;
    }
  }
  close();
  return merges;
}

/**
 * Session windows: each element opens `[t, t + gap)`, and windows of one key that overlap merge, so a
 * session ends after `gap` ms without data. Beam: `Sessions.withGapDuration(gap)`. A session is cut at
 * the end of the global window, so it closes by +infinity however long the gap.
 *
 * @example sessionWindows(30 * 60_000) // a session ends after 30 minutes of silence
 *
 * @category Windows
 */
export function sessionWindows(gap: Duration, op = 'sessionWindows'): WindowFn {
  requirePositiveDuration(op, 'gap', gap);
  return {
    description: `sessions(${gap})`,
    isMerging: true,
    assign: (t: Instant) => (t > END_OF_GLOBAL_WINDOW ? NO_WINDOWS : [intervalWindow(t, t + gap)]),
    mergeWindows: mergeOverlappingWindows,
  };
}
