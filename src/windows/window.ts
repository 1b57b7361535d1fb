import { END_OF_GLOBAL_WINDOW, MIN_TIMESTAMP, formatInstant, type Instant } from '../time.js';

/**
 * A half-open interval of event time `[start, end)` that elements are grouped into.
 * Beam: `IntervalWindow` (and `GlobalWindow`, whose `maxTimestamp` is the end of the global window).
 *
 * @category Windows
 */
export interface Window {
  /** Inclusive start, epoch ms. */
  readonly start: Instant;
  /** Exclusive end, epoch ms. */
  readonly end: Instant;
  /**
   * The last instant inside the window: `end - 1` (the largest whole millisecond before `end`, for a
   * fractional end); end-of-window timers fire when the watermark passes it.
   */
  readonly maxTimestamp: Instant;
}

/**
 * True when two windows are the same interval.
 *
 * @category Windows
 */
export function sameWindow(a: Window, b: Window): boolean {
  return a.start === b.start && a.end === b.end;
}

/**
 * Two windows intersect when each starts strictly before the other ends (touching windows do not).
 *
 * @category Windows
 */
export function windowsIntersect(a: Window, b: Window): boolean {
  return a.start < b.end && b.start < a.end;
}

/**
 * Orders windows by start, then end.
 *
 * @category Windows
 */
export function compareWindows(a: Window, b: Window): number {
  return a.start - b.start || a.end - b.end;
}

/**
 * A stable string id for a window, for maps and logs.
 *
 * @category Windows
 */
export function windowId(w: Window): string {
  return `${w.start}:${w.end}`;
}

/**
 * Renders a window as `[start, end)` in ISO time.
 *
 * @category Windows
 */
export function describeWindow(w: Window): string {
  if (isGlobalWindow(w)) return 'GlobalWindow';
  return `[${formatInstant(w.start)}, ${formatInstant(w.end)})`;
}

/** No window at all, shared: what a window function returns for a time no window contains. */
export const NO_WINDOWS: readonly Window[] = Object.freeze([]);

/** The largest window end: one past the end of the global window. */
const END_LIMIT = END_OF_GLOBAL_WINDOW + 1;

/**
 * Creates the interval window `[start, end)`. An end after the end of the global window is cut there (as
 * Beam cuts its last fixed window), so that every window's end-of-window timer fires by the time the
 * watermark reaches +infinity. Event times are whole milliseconds, so `maxTimestamp` is the largest whole
 * millisecond before `end`: `end - 1`, or `ceil(end) - 1` for a fractional end.
 *
 * @category Windows
 */
export function intervalWindow(start: Instant, end: Instant): Window {
  const e = end > END_LIMIT ? END_LIMIT : end;
  return Object.freeze({ start, end: e, maxTimestamp: Math.ceil(e) - 1 });
}

/**
 * The single window of the global windowing: all of time, ending at {@link END_OF_GLOBAL_WINDOW}.
 *
 * @category Windows
 */
export const GLOBAL_WINDOW: Window = intervalWindow(MIN_TIMESTAMP, END_OF_GLOBAL_WINDOW + 1);

/**
 * True for the global window.
 *
 * @category Windows
 */
export function isGlobalWindow(w: Window): boolean {
  return w.start === GLOBAL_WINDOW.start && w.end === GLOBAL_WINDOW.end;
}

/**
 * The union `[min start, max end)` of two windows.
 *
 * @category Windows
 */
export function spanWindows(a: Window, b: Window): Window {
  return intervalWindow(Math.min(a.start, b.start), Math.max(a.end, b.end));
}
