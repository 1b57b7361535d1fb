import type { ReducerMetrics } from '../core/reducerTypes.js';
import type { Instant } from '../time.js';
import type { GroupingMetrics, MetricsSink } from './deadLetters.js';
import { userCodeError } from './errors.js';

/** What a report reads: a reducer's counters and watermarks. */
export interface MetricsSource {
  readonly metrics: Readonly<ReducerMetrics>;
  readonly inputWatermark: Instant;
  readonly outputWatermark: Instant;
}

/**
 * Pushes a grouping's {@link GroupingMetrics} to the user's sink after a step, only when something
 * changed. Pushed synchronously, never scheduled, so observing metrics cannot shift any timing. A sink
 * that throws is reported once, as `<operator>: the metrics sink threw: ...` with the original as
 * `cause`, and never called again.
 */
export class MetricsReporter {
  private last: GroupingMetrics | undefined;
  private broken = false;

  constructor(
    private readonly op: string,
    private readonly sink: MetricsSink,
  ) {}

  /** Pushes a snapshot if anything changed since the last one; throws the named error if the sink throws. */
  report(r: MetricsSource): void {
    if (this.broken) return;
    const m = r.metrics;
    const last = this.last;
    if (
      last !== undefined &&
      last.elementsIn === m.elementsIn &&
      last.panesOut === m.panesOut &&
      last.openWindows === m.openWindows &&
      last.droppedLate === m.droppedLate &&
      last.droppedClosed === m.droppedClosed &&
      last.droppedNoWindow === m.droppedNoWindow &&
      last.badRecords === m.badRecords &&
      last.inputWatermark === r.inputWatermark &&
      last.outputWatermark === r.outputWatermark
    ) {
      return;
    }
    const snapshot: GroupingMetrics = {
      operator: this.op,
      ...m,
      dropped: m.droppedLate + m.droppedClosed + m.droppedNoWindow,
      inputWatermark: r.inputWatermark,
      outputWatermark: r.outputWatermark,
    };
    this.last = snapshot;
    try {
      this.sink.next(snapshot, this);
    } catch (e) {
      this.broken = true;
      throw userCodeError(this.op, 'the metrics sink threw', e);
    }
  }

  /** The last snapshot before the stream errors: a sink that throws now is ignored, the stream keeps its first error. */
  reportBeforeError(r: MetricsSource): void {
    try {
      this.report(r);
    } catch {
      // The stream errors once, with the failure that ended it.
    }
  }
}
