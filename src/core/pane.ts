import type { Instant } from '../time.js';
import type { Window } from '../windows/window.js';

/**
 * Where a pane stands relative to the watermark. Beam: `PaneInfo.Timing`.
 *
 * @category Core
 */
export type PaneTiming = 'EARLY' | 'ON_TIME' | 'LATE';

/**
 * What Beam tells about a pane: its timing and position among the window's panes. Beam: `PaneInfo`.
 *
 * @category Core
 */
export interface PaneInfo {
  readonly timing: PaneTiming;
  /** 0 for the first pane of the window, then +1 per emitted pane. */
  readonly index: number;
  /** Beam's `nonSpeculativeIndex`: -1 for EARLY panes, 0 for the ON_TIME (or first non-early) pane, then +1. */
  readonly onTimeIndex: number;
  readonly isFirst: boolean;
  /** True for the window's final pane (trigger finished, or garbage collection). */
  readonly isLast: boolean;
}

/**
 * One output of a grouping: a key's result for one window at one firing.
 *
 * @category Core
 */
export interface Pane<V, K = unknown> {
  readonly key: K;
  readonly window: Window;
  readonly value: V;
  readonly pane: PaneInfo;
  /** The output timestamp given by the timestamp combiner (end of window by default). */
  readonly timestamp: Instant;
  /**
   * Present (`true`) only on a retraction under `accumulation: 'accumulatingAndRetracting'`: the earlier
   * pane of this key and window (value, pane info and timestamp as it was emitted) withdrawn just before
   * the pane that supersedes it.
   */
  readonly retraction?: true | undefined;
}

/**
 * Describes the next pane of a window from the previous emitted one and the watermarks, exactly as
 * Beam's `PaneInfoTracker.describePane`: LATE once the output watermark is past the window or a
 * non-early pane was emitted; else EARLY while the input watermark has not passed the window; else ON_TIME.
 *
 * @category Core
 */
export function describePane(
  previous: PaneInfo | undefined,
  isFinal: boolean,
  maxTimestamp: Instant,
  inputWatermark: Instant,
  outputWatermark: Instant,
): PaneInfo {
  if (previous === undefined) return firstPane(isFinal, maxTimestamp, inputWatermark, outputWatermark);
  const index = previous.index + 1;
  let onTimeIndex = previous.onTimeIndex + 1;
  let timing: PaneTiming;
  if (maxTimestamp < outputWatermark || previous.timing !== 'EARLY') {
    timing = 'LATE';
  } else if (inputWatermark <= maxTimestamp) {
    timing = 'EARLY';
    onTimeIndex = -1;
  } else {
    timing = 'ON_TIME';
  }
  return { timing, index, onTimeIndex, isFirst: false, isLast: isFinal };
}

/**
 * The six first panes, one object each, frozen: most panes are a window's first, and a window keeps its
 * last pane until it is collected, so a first pane is then no allocation and no object of its own per
 * fired key-window. Beam caches its common `PaneInfo`s too (`PaneInfo.NO_FIRING`,
 * `ON_TIME_AND_ONLY_FIRING`).
 */
const FIRST_PANES: Readonly<Record<PaneTiming, readonly [PaneInfo, PaneInfo]>> = {
  EARLY: [firstOf('EARLY', false), firstOf('EARLY', true)],
  ON_TIME: [firstOf('ON_TIME', false), firstOf('ON_TIME', true)],
  LATE: [firstOf('LATE', false), firstOf('LATE', true)],
};

function firstOf(timing: PaneTiming, isLast: boolean): PaneInfo {
  return Object.freeze({ timing, index: 0, onTimeIndex: timing === 'EARLY' ? -1 : 0, isFirst: true, isLast });
}

/** {@link describePane} of a window's first pane: the same rules with no previous pane, from the shared objects. */
function firstPane(isFinal: boolean, maxTimestamp: Instant, inputWatermark: Instant, outputWatermark: Instant): PaneInfo {
  const timing: PaneTiming = maxTimestamp < outputWatermark ? 'LATE' : inputWatermark <= maxTimestamp ? 'EARLY' : 'ON_TIME';
  return FIRST_PANES[timing][isFinal ? 1 : 0];
}
