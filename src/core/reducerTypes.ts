/** The types the reducer (`reducer.ts`) exchanges with the code around it. */
import type { CombineFn } from '../combiners/combineFn.js';
import type { Instant } from '../time.js';
import type { Window } from '../windows/window.js';
import type { Pane } from './pane.js';
import type { WindowingStrategy } from './strategy.js';

/**
 * Why an element did not reach a pane: a lateness rule, or `'no-window'` when the window function
 * assigned it no window at all (a gap between sliding windows whose period is longer than their size).
 *
 * @category Core
 */
export type DropReason = 'beyond-allowed-lateness' | 'window-closed' | 'no-window';

/**
 * An element that was dropped, with the window it was dropped from and why. Never silent: see `onDropped`.
 *
 * @category Core
 */
export interface DroppedElement<T> {
  readonly value: T;
  readonly timestamp: Instant;
  /** The window the element was dropped from; absent when the reason is `'no-window'`. */
  readonly window?: Window | undefined;
  readonly reason: DropReason;
  /** The grouping's input watermark when the element arrived. */
  readonly watermark: Instant;
}

/**
 * Why an element was refused as a bad record under `onError: 'route'`: the key function threw, the key
 * is not a valid key (see `encodeKey`), the CombineFn threw for the element, or a merging window
 * function refused it (a session gap function that threw or gave no positive finite gap).
 *
 * @category Core
 */
export type BadRecordReason = 'key-function-threw' | 'invalid-key' | 'combine-function-threw' | 'window-function-threw';

/**
 * An element refused as a bad record, with the error that refused it.
 *
 * @category Core
 */
export interface RejectedElement<T> {
  readonly value: T;
  readonly timestamp: Instant;
  readonly reason: BadRecordReason;
  /** What the key function, the key check or the CombineFn threw. */
  readonly error: unknown;
  /** The grouping's input watermark when the element arrived. */
  readonly watermark: Instant;
}

/**
 * Counters of one grouping.
 *
 * @category Core
 */
export interface ReducerMetrics {
  /** Element-window pairs received; an element without any window counts once (it is one dead letter). */
  elementsIn: number;
  /** Dropped because the window's garbage-collection time had passed (Beam: `droppedDueToLateness`). */
  droppedLate: number;
  /** Dropped because the window's trigger had finished (Beam: `droppedDueToClosedWindow`). */
  droppedClosed: number;
  /** Elements refused as bad records under `onError: 'route'` (each counted once, whatever its windows). */
  badRecords: number;
  /** Dropped because the window function assigned no window (Beam drops such elements without counting them). */
  droppedNoWindow: number;
  panesOut: number;
  /** (key, window) pairs holding state right now. */
  openWindows: number;
}

/**
 * What made a pane: an element (or bundle), the watermark, a processing-time timer, or garbage collection.
 *
 * @category Core
 */
export type FiringCause = 'element' | 'watermark' | 'processingTime' | 'garbageCollection';

/**
 * How a pane came about, for explanations and timelines.
 *
 * @category Core
 */
export interface Firing {
  readonly cause: FiringCause;
  readonly inputWatermark: Instant;
  readonly outputWatermark: Instant;
  /** Processing time of the firing (the injected scheduler's clock). */
  readonly processingTime: Instant;
  /**
   * The trigger nodes that were ready to fire, outermost first, as Beam prints them (only when the sink
   * asks with `explain`; empty for garbage collection, which fires without asking the trigger).
   */
  readonly readyTriggers: readonly string[];
}

/**
 * What the reducer emits.
 *
 * @category Core
 */
export interface ReducerSink<K, Out, In> {
  /** Receives each emitted pane, with how it came about when `explain` is set. */
  pane(pane: Pane<Out, K>, firing: Firing | undefined): void;
  /** Receives each dropped element with the reason. */
  dropped(drop: DroppedElement<In>): void;
  /**
   * Receives each element refused as a bad record (`onError: 'route'` only). It may throw to end the
   * run instead, for errors that no single element caused.
   */
  rejected?(bad: RejectedElement<In>): void;
  /**
   * Receives the output watermark each time a step moves it forward, at the end of that step (after
   * its panes): the watermark to forward downstream.
   */
  outputWatermark?(watermark: Instant): void;
  /**
   * Receives the earliest processing time after which the reducer wants `advanceProcessingTime` called
   * (timers fire once the clock is strictly after them), or +Infinity for none, at the end of each step
   * that may have changed it. The shell keeps one scheduled wake-up for it.
   */
  wakeUp?(at: Instant): void;
  /** When true, every pane comes with its {@link Firing}. */
  readonly explain?: boolean | undefined;
}

/**
 * One input element: a value, its event time, and the windows it already carries (if any).
 *
 * @category Core
 */
export interface Input<In> {
  readonly value: In;
  readonly timestamp: Instant;
  readonly windows?: readonly Window[] | undefined;
}

/**
 * Configuration of a reducer.
 *
 * @category Core
 */
export interface ReducerConfig<In, K, Acc, Out> {
  readonly strategy: WindowingStrategy;
  /** The key of a value (the grouping key). Keys are compared by value: see `encodeKey`. */
  readonly key: (value: In) => K;
  /**
   * What a throwing key function, an invalid key or a CombineFn throwing for an element does: `'fail'`
   * (default) throws out of the call; `'route'` refuses the element (see {@link ReducerSink.rejected})
   * and goes on.
   */
  readonly onError?: 'fail' | 'route' | undefined;
  readonly combineFn: CombineFn<In, Acc, Out>;
  /** Current processing time (the injected scheduler's `now`). */
  readonly now: () => Instant;
  /**
   * Takes the plain path wherever a fast path exists: a session merge builds the merged state anew
   * instead of moving the one state it extends, merge planning scans every open window of the key
   * instead of its ordered index, and each window of a list is looked up in the store instead of in the
   * buckets of the lists seen last. Same output, slower: for specs that check each fast path against
   * its plain path.
   */
  readonly plainPaths?: boolean | undefined;
}
