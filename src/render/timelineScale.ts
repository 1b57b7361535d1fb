/**
 * The scales of a recorded run's picture: which windows and which span of event time it shows, and
 * where an instant lies on the event-time axis. Shared by the timeline and the inspector page.
 */
import { END_OF_GLOBAL_WINDOW, MIN_TIMESTAMP, type Instant } from '../time.js';
import { windowId, type Window } from '../windows/window.js';
import type { RecordedEvent } from './recording.js';

/** Whether an instant belongs on the event-time axis (not ±infinity nor the global window's end). */
export const finite = (t: Instant) => t > MIN_TIMESTAMP && t < END_OF_GLOBAL_WINDOW;

/** The distinct windows of a recording's panes and drops, by start then end. */
export function windowsOf(events: readonly RecordedEvent<unknown>[]): Window[] {
  const byId = new Map<string, Window>();
  for (const e of events) {
    const w = e.kind === 'pane' ? e.pane.window : e.kind === 'dropped' ? e.drop.window : undefined;
    if (w !== undefined && !byId.has(windowId(w))) byId.set(windowId(w), w);
  }
  return [...byId.values()].sort((a, b) => a.start - b.start || a.end - b.end);
}

/**
 * The event time a recording spans: every finite element time, watermark and window bound, or
 * `[0, 1000]` when there is none. Shared by the timeline and the inspector page.
 */
export function eventTimeSpan(events: readonly RecordedEvent<unknown>[], windows: readonly Window[]): { lo: Instant; hi: Instant } {
  // A loop, not Math.min(...times): spreading a long run's times as arguments overflows the stack.
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  const see = (t: Instant) => {
    if (!finite(t)) return;
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  };
  for (const e of events) {
    if (e.kind === 'element') see(e.eventTime);
    else if (e.kind === 'watermark') see(e.watermark);
  }
  for (const w of windows) {
    see(w.start);
    see(w.end);
  }
  return lo > hi ? { lo: 0, hi: 1000 } : { lo, hi };
}

/** The span of event time on the axis ({@link eventTimeSpan}), at least a second wide, padded. */
export function eventTimeRange(events: readonly RecordedEvent<unknown>[], windows: readonly Window[]): { tMin: Instant; tMax: Instant } {
  const { lo, hi } = eventTimeSpan(events, windows);
  const tMax = hi === lo ? lo + 1000 : hi;
  const pad = (tMax - lo) * 0.03;
  return { tMin: lo - pad, tMax: tMax + pad };
}

/** Event time to y; beyond the axis (±inf, the global window's bounds) is drawn just outside it. */
export function eventTimeAxis(tMin: Instant, tMax: Instant, top: number, bottom: number): (t: Instant) => number {
  return (t) => (t <= tMin ? top - 10 : t >= tMax ? bottom + 14 : top + ((t - tMin) / (tMax - tMin)) * (bottom - top));
}
