import { requireFunction, requireNonNegativeDuration, requirePositiveDuration } from '../internal/checks.js';
import { MIN_TIMESTAMP, describeValue, isValidTimestamp, type Duration, type Instant } from '../time.js';
import type { Encoded } from '../state/coder.js';
import type { WatermarkRecord } from './records.js';

/**
 * Derives a source's watermark from the elements it has seen. One generator per subscription.
 * Flink: `WatermarkGenerator`; Beam: a source's `getWatermark()`.
 *
 * @category Core
 */
export interface WatermarkGenerator<T = unknown> {
  /** Called for each element after it is stamped; returns the watermark after it (a lower value is ignored). */
  onEvent(timestamp: Instant, value: T): Instant;
  /** Its state for a checkpoint (needed only in checkpointed runs; the built-in generators have it). */
  snapshot?(): Encoded;
  /** Takes back a state {@link WatermarkGenerator.snapshot} gave. */
  restore?(state: Encoded): void;
}

/**
 * Makes a fresh generator for each subscription. Flink: `WatermarkStrategy`.
 *
 * @category Core
 */
export interface WatermarkStrategy<T = unknown> {
  readonly description: string;
  /** A fresh generator for one subscription. */
  create(): WatermarkGenerator<T>;
  /**
   * Processing time (ms) without elements after which the source is marked idle: see {@link withIdleness}.
   * Undefined: never idle.
   */
  readonly idleTimeout?: Duration | undefined;
  /**
   * Set by {@link boundedOutOfOrderness}: the watermark is the largest event time minus this much, so
   * `assignEventTime` can track it inline instead of calling a generator per element.
   */
  readonly maxOutOfOrderness?: Duration | undefined;
}

/**
 * The watermark trails the largest event time seen by `maxOutOfOrderness` ms: an element may arrive up
 * to that much behind the newest one and still be on time. Flink: `forBoundedOutOfOrderness`.
 *
 * @param maxOutOfOrderness - How far, in ms, the watermark trails the largest event time seen.
 *
 * @example assignEventTime((e) => e.time, { watermark: boundedOutOfOrderness(5_000) })
 *
 * @category Core
 */
export function boundedOutOfOrderness(maxOutOfOrderness: Duration): WatermarkStrategy {
  requireNonNegativeDuration('boundedOutOfOrderness', 'maxOutOfOrderness', maxOutOfOrderness);
  return {
    description: `boundedOutOfOrderness(${maxOutOfOrderness})`,
    maxOutOfOrderness,
    create: () => {
      let max = MIN_TIMESTAMP;
      let wm = MIN_TIMESTAMP;
      return {
        // Recomputed only when the maximum moves: most elements leave it, and a new number each time
        // would be an allocation per element.
        onEvent: (t) => {
          if (t > max) {
            max = t;
            const w = t - maxOutOfOrderness;
            wm = w > MIN_TIMESTAMP ? w : MIN_TIMESTAMP;
          }
          return wm;
        },
        snapshot: () => [max, wm],
        restore: (state) => {
          [max, wm] = state as [number, number];
        },
      };
    },
  };
}

/**
 * Event times never decrease: the watermark is the latest one. Same as `boundedOutOfOrderness(0)`. Flink: `forMonotonousTimestamps`.
 *
 * @category Core
 */
export function monotonicTimestamps(): WatermarkStrategy {
  return { ...boundedOutOfOrderness(0), description: 'monotonicTimestamps' };
}

/**
 * The watermark comes from marker elements: `marker(value, eventTime)` returns the new watermark for a
 * marker (it takes effect right after that element) and `undefined` for any other element. A watermark
 * that would go backwards is ignored. Flink: a punctuated `WatermarkGenerator` (one that emits from
 * `onEvent`); Beam: a source whose watermark is read from its records.
 *
 * @param marker - Gives the watermark a marker element carries, or `undefined` for other elements.
 *
 * @example
 * // a { kind: 'tick', upTo } record from the producer promises nothing older than upTo follows
 * assignEventTime((e) => e.time, { watermark: punctuatedWatermark((e) => (e.kind === 'tick' ? e.upTo : undefined)) })
 *
 * @category Core
 */
export function punctuatedWatermark<T>(marker: (value: T, eventTime: Instant) => Instant | undefined): WatermarkStrategy<T> {
  requireFunction('punctuatedWatermark', 'marker', marker);
  return {
    description: 'punctuatedWatermark',
    create: () => {
      let wm = MIN_TIMESTAMP;
      return {
        onEvent: (t, value) => {
          const next = marker(value, t);
          if (next === undefined) return wm;
          if (!isValidTimestamp(next)) {
            throw new TypeError(
              `punctuatedWatermark: the marker function must return an epoch-ms number within ±8.64e15 or undefined, got ${describeValue(next)}`,
            );
          }
          if (next > wm) wm = next;
          return wm;
        },
        snapshot: () => wm,
        restore: (state) => {
          wm = state as number;
        },
      };
    },
  };
}

/**
 * Marks the source idle after `idleMs` of processing time without elements, as Flink's
 * `WatermarkStrategy.withIdleness` does. An idle source keeps its watermark but stops holding back
 * {@link mergeEventTime}: the merged watermark is the minimum over the inputs that are not idle (and the
 * largest of the idle inputs' watermarks when all are idle). The next element makes the source active
 * again; its elements behind the merged watermark are then late, as in Flink.
 * The timer runs on the scheduler given to `assignEventTime` and is cancelled on unsubscribe.
 *
 * @param strategy - The strategy that gives the watermark while the source is active.
 * @param idleMs - Ms of processing time without elements after which the source is idle.
 *
 * @example
 * mergeEventTime(
 *   busy$.pipe(assignEventTime((e) => e.time, { watermark: withIdleness(boundedOutOfOrderness(5_000), 30_000) })),
 *   rare$.pipe(assignEventTime((e) => e.time, { watermark: withIdleness(boundedOutOfOrderness(5_000), 30_000) })),
 * )
 *
 * @category Core
 */
export function withIdleness<T>(strategy: WatermarkStrategy<T>, idleMs: Duration): WatermarkStrategy<T> {
  if (typeof strategy !== 'object' || strategy === null || typeof strategy.create !== 'function') {
    throw new TypeError(`withIdleness: strategy must be a WatermarkStrategy, got ${describeValue(strategy)}`);
  }
  requirePositiveDuration('withIdleness', 'idleMs', idleMs);
  return { description: `${strategy.description}.withIdleness(${idleMs})`, create: () => strategy.create(), idleTimeout: idleMs };
}

/**
 * A watermark record, which may say that its source went idle (kept as a name for the idle-aware form).
 *
 * @category Core
 */
export type SourceWatermarkRecord = WatermarkRecord;

/** The record a source sends when it goes idle: its unchanged watermark, flagged idle. */
export function idleMark(watermark: Instant): SourceWatermarkRecord {
  return { kind: 'watermark', watermark, idle: true };
}

/**
 * True for a watermark record that marks its source idle.
 *
 * @category Core
 */
export function isIdleMark(record: WatermarkRecord): boolean {
  return (record as SourceWatermarkRecord).idle === true;
}
