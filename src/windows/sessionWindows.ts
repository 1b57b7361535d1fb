import { describeValue, END_OF_GLOBAL_WINDOW, type Duration, type Instant } from '../time.js';
import { isFiniteNumber, requirePositiveDuration } from '../internal/checks.js';
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
 * The gap of a session per element, in ms. Flink: `SessionWindowTimeGapExtractor`.
 *
 * @category Windows
 */
export type SessionGap<T> = (value: T) => Duration;

/**
 * Session windows: each element opens `[t, t + gap)`, and windows of one key that overlap merge, so a
 * session ends after `gap` ms without data. Beam: `Sessions.withGapDuration(gap)`. A session is cut at
 * the end of the global window, so it closes by +infinity however long the gap.
 *
 * `gap` may be a function of the element (Flink: `EventTimeSessionWindows.withDynamicGap`): each element
 * then opens `[t, t + gap(value))`, and sessions of different gaps merge where they overlap. A gap that
 * is not a positive finite number, or a gap function that throws, makes `assign` throw for that element:
 * the grouping fails or routes it (`'window-function-threw'`) as its `onError` says.
 *
 * @example sessionWindows(30 * 60_000) // a session ends after 30 minutes of silence
 * @example sessionWindows((e: Visit) => (e.premium ? 60 : 30) * 60_000) // a gap per element
 *
 * @category Windows
 */
export function sessionWindows<T = never>(gap: Duration | SessionGap<T>, op = 'sessionWindows'): WindowFn {
  if (typeof gap === 'function') return dynamicSessionWindows(gap, op);
  requirePositiveDuration(op, 'gap', gap);
  const fn: WindowFn = {
    description: `sessions(${gap})`,
    isMerging: true,
    assign: (t: Instant) => (t > END_OF_GLOBAL_WINDOW ? NO_WINDOWS : [intervalWindow(t, t + gap)]),
    mergeWindows: mergeOverlappingWindows,
  };
  fixedGaps.set(fn, gap);
  return fn;
}

/** The gap of each window function made by {@link sessionWindows} with a fixed gap. */
const fixedGaps = new WeakMap<WindowFn, Duration>();

/**
 * The gap of session windows of one fixed gap (made by {@link sessionWindows}), or undefined for any
 * other window function: the merging element path uses it to compute an element's session bounds as
 * numbers, without asking `assign` for a window object.
 */
export function fixedSessionGap(windowFn: WindowFn): Duration | undefined {
  return fixedGaps.get(windowFn);
}

/**
 * A number per gap function, so that two strategies compare equal exactly when they use the same
 * function (strategies compare by description).
 */
const gapIds = new WeakMap<object, number>();
let gapCount = 0;

function dynamicSessionWindows<T>(gapOf: SessionGap<T>, op: string): WindowFn {
  let id = gapIds.get(gapOf);
  if (id === undefined) gapIds.set(gapOf, (id = ++gapCount));
  const named = gapOf.name === '' ? '' : ` ${gapOf.name}`;
  return {
    description: `sessions(gap per element${named} #${id})`,
    isMerging: true,
    assign: (t: Instant, value?: unknown) => {
      if (t > END_OF_GLOBAL_WINDOW) return NO_WINDOWS;
      let gap: unknown;
      try {
        gap = gapOf(value as T);
      } catch (e) {
        throw new Error(`${op}: the gap function threw for ${describeValue(value)}: ${e instanceof Error ? e.message : describeValue(e)}`, { cause: e });
      }
      if (!isFiniteNumber(gap) || gap <= 0) {
        throw new RangeError(`${op}: gap must be a positive finite number of ms, got ${describeValue(gap)} for ${describeValue(value)}`);
      }
      return [intervalWindow(t, t + gap)];
    },
    mergeWindows: mergeOverlappingWindows,
  };
}
