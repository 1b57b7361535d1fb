import { MIN_TIMESTAMP, describeValue, type Duration, type Instant } from '../time.js';

/**
 * Derives a source's watermark from the event times it has seen. One generator per subscription.
 * Flink: `WatermarkGenerator`; Beam: a source's `getWatermark()`.
 */
export interface WatermarkGenerator {
  /** Called for each element; returns the watermark after it. */
  onEvent(timestamp: Instant): Instant;
}

/** Makes a fresh generator for each subscription. */
export interface WatermarkStrategy {
  readonly description: string;
  create(): WatermarkGenerator;
}

/**
 * The watermark trails the largest event time seen by `maxOutOfOrderness` ms: an element may arrive up
 * to that much behind the newest one and still be on time. Flink: `forBoundedOutOfOrderness`.
 *
 * @example assignEventTime((e) => e.time, { watermark: boundedOutOfOrderness(5_000) })
 */
export function boundedOutOfOrderness(maxOutOfOrderness: Duration): WatermarkStrategy {
  if (typeof maxOutOfOrderness !== 'number' || !Number.isFinite(maxOutOfOrderness) || maxOutOfOrderness < 0) {
    throw new RangeError(
      `boundedOutOfOrderness: maxOutOfOrderness must be a non-negative finite number of ms, got ${describeValue(maxOutOfOrderness)}`,
    );
  }
  return {
    description: `boundedOutOfOrderness(${maxOutOfOrderness})`,
    create: () => {
      let max = MIN_TIMESTAMP;
      return {
        onEvent: (t) => {
          if (t > max) max = t;
          const wm = max - maxOutOfOrderness;
          return wm > MIN_TIMESTAMP ? wm : MIN_TIMESTAMP;
        },
      };
    },
  };
}

/** Event times never decrease: the watermark is the latest one. Same as `boundedOutOfOrderness(0)`. */
export function monotonicTimestamps(): WatermarkStrategy {
  return { ...boundedOutOfOrderness(0), description: 'monotonicTimestamps' };
}
