/**
 * Beam's drop rules on the element path, and the dead letters they make: every element-window pair
 * that enters is counted here, and every drop and refused element is counted and handed to the sink.
 * Beam: the lateness checks of `ReduceFnRunner.processElement` and `LateDataDroppingDoFnRunner`.
 */
import type { Instant } from '../time.js';
import type { Window } from '../windows/window.js';
import type { BadRecordReason, ReducerMetrics, ReducerSink } from './reducerTypes.js';
import { garbageCollectionTime } from './strategy.js';

/** The drop rules of one reducer, over its metrics and sink. */
export class DropRules<In> {
  constructor(
    private readonly metrics: ReducerMetrics,
    private readonly sink: ReducerSink<unknown, unknown, In>,
    readonly allowedLateness: number,
  ) {}

  /**
   * One element-window pair enters: it is counted in `elementsIn`, and dropped by Beam's first rule
   * when the window's garbage-collection time has passed. True when it may go on to its window.
   */
  enters(value: In, timestamp: Instant, window: Window, gcTime: Instant, inputWm: Instant): boolean {
    this.metrics.elementsIn++;
    if (!(gcTime < inputWm)) return true;
    this.metrics.droppedLate++;
    this.sink.dropped({ value, timestamp, window, reason: 'beyond-allowed-lateness', watermark: inputWm });
    return false;
  }

  /** {@link enters} for a window without a bucket yet: its garbage-collection time is computed. */
  entersNew(value: In, timestamp: Instant, window: Window, inputWm: Instant): boolean {
    return this.enters(value, timestamp, window, garbageCollectionTime(window, this.allowedLateness), inputWm);
  }

  /** Beam's second drop rule: the window's trigger has finished. */
  windowClosed(value: In, timestamp: Instant, window: Window, inputWm: Instant): void {
    this.metrics.droppedClosed++;
    this.sink.dropped({ value, timestamp, window, reason: 'window-closed', watermark: inputWm });
  }

  /** An element the window function gave no window: one dead letter, counted as one element in. */
  noWindow(value: In, timestamp: Instant, inputWm: Instant): void {
    this.metrics.elementsIn++;
    this.metrics.droppedNoWindow++;
    this.sink.dropped({ value, timestamp, reason: 'no-window', watermark: inputWm });
  }

  /** An element refused under `onError: 'route'`: handed to the sink (which may throw to end the run instead), and counted. */
  rejected(value: In, timestamp: Instant, reason: BadRecordReason, error: unknown, inputWm: Instant): void {
    this.sink.rejected?.({ value, timestamp, reason, error, watermark: inputWm });
    this.metrics.badRecords++;
  }
}
