import type { Instant } from '../time.js';
import type { Window } from '../windows/window.js';
import type { WindowingStrategy } from './strategy.js';

/**
 * The records event-time operators exchange, like Flink's stream records: elements with their event
 * time, watermarks, and the windowing strategy set by window and trigger operators.
 */
export type EventTimeRecord<T> = ElementRecord<T> | BundleRecord<T> | WatermarkRecord | StrategyRecord | ClockRecord;

/** One value with its event time (and windows, once a grouping has put it in one). */
export interface ElementRecord<T> {
  readonly kind: 'element';
  readonly value: T;
  readonly timestamp: Instant;
  readonly windows?: readonly Window[];
}

/** Several elements that arrive together. A grouping asks its triggers once per bundle, as Beam does. */
export interface BundleRecord<T> {
  readonly kind: 'bundle';
  readonly elements: readonly ElementRecord<T>[];
}

/** "No element with an earlier event time will follow" (late ones excepted). Never decreases. */
export interface WatermarkRecord {
  readonly kind: 'watermark';
  readonly watermark: Instant;
  /**
   * The source went idle (Flink's `WatermarkStatus.IDLE`): the watermark has not moved, and a merge of
   * streams stops waiting for this one until it sends an element again (see `withIdleness`).
   */
  readonly idle?: boolean;
}

/** The windowing strategy for the elements that follow. */
export interface StrategyRecord {
  readonly kind: 'strategy';
  readonly strategy: WindowingStrategy;
}

/**
 * Processing time has just moved, and until the stream ends moves only with such records: the clock of
 * a test stream, which jumps (Beam: a `TestStream` processing-time event moving the `TestClock`). A
 * grouping fires every processing-time timer then due, once per window, and schedules no wake-ups of
 * its own. The first one arrives before any element.
 */
export interface ClockRecord {
  readonly kind: 'clock';
}

/** Creates an element record. */
export function element<T>(value: T, timestamp: Instant, windows?: readonly Window[]): ElementRecord<T> {
  return windows === undefined ? { kind: 'element', value, timestamp } : { kind: 'element', value, timestamp, windows };
}

/** Creates a watermark record. */
export function watermark(t: Instant): WatermarkRecord {
  return { kind: 'watermark', watermark: t };
}
