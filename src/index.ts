/**
 * rxjs-event-time: Apache Beam's event-time model as RxJS operators.
 *
 * A pipeline stamps values with event time (`assignEventTime`), chooses windows (`fixedWindow`,
 * `slidingWindow`, `globalWindow`), chooses when to emit (`afterWatermark`, `triggering`), and groups
 * per key (`combinePerKey`, `groupByKey`, `coGroupByKey`). Each output is a {@link Pane}.
 */
export {
  MIN_TIMESTAMP,
  MAX_TIMESTAMP,
  END_OF_GLOBAL_WINDOW,
  formatInstant,
  formatUtc,
  isValidTimestamp,
  type Instant,
  type Duration,
} from './time';

// Windows
export {
  GLOBAL_WINDOW,
  intervalWindow,
  isGlobalWindow,
  sameWindow,
  windowsIntersect,
  compareWindows,
  spanWindows,
  windowId,
  describeWindow,
  type Window,
} from './windows/window';
export type { WindowFn, WindowMerge } from './windows/windowFn';
export { fixedWindows } from './windows/fixedWindows';
export { slidingWindows, defaultPeriod, MAX_WINDOWS_PER_ELEMENT } from './windows/slidingWindows';
export { globalWindows } from './windows/globalWindows';

// Triggers
export {
  afterProcessingTime,
  afterSynchronizedProcessingTime,
  afterCount,
  repeatedly,
  afterEach,
  afterFirst,
  afterAll,
  orFinally,
  neverTrigger,
  defaultTrigger,
  afterWatermarkTrigger,
  continuationTrigger,
  describeTrigger,
  type Trigger as TriggerSpec,
  type DefaultTrigger,
  type AfterWatermarkTrigger,
  type AfterProcessingTimeTrigger,
  type AfterSynchronizedProcessingTimeTrigger,
  type AfterCountTrigger,
  type RepeatedlyTrigger,
  type AfterEachTrigger,
  type AfterFirstTrigger,
  type AfterAllTrigger,
  type OrFinallyTrigger,
  type NeverTrigger,
} from './triggers/trigger';
export { Trigger } from './triggers/namespace';

// Combiners
export { Combine } from './combiners/namespace';
export { combineFields, type FieldsOutput } from './combiners/combineFields';
export { sum } from './combiners/sum';
export { toList } from './combiners/toList';
export type { CombineFn, CombineInput, CombineOutput } from './combiners/combineFn';

// Core model
export type { Pane, PaneInfo, PaneTiming } from './core/pane';
export { describePane } from './core/pane';
export type { EventTimeRecord, ElementRecord, BundleRecord, WatermarkRecord, StrategyRecord } from './core/records';
export {
  DEFAULT_STRATEGY,
  garbageCollectionTime,
  type WindowingStrategy,
  type AccumulationMode,
  type TimestampCombiner,
  type OnTimeBehavior,
  type ClosingBehavior,
} from './core/strategy';
export { Reducer, type ReducerConfig, type ReducerMetrics, type ReducerSink, type DroppedElement, type DropReason } from './core/reducer';
export { boundedOutOfOrderness, monotonicTimestamps, type WatermarkGenerator, type WatermarkStrategy } from './core/watermarks';

// Operators
export { assignEventTime, type AssignEventTimeOptions } from './operators/assignEventTime';
export { fixedWindow, slidingWindow, globalWindow, windowInto } from './operators/windowing';
export { afterWatermark, triggering, type AfterWatermarkOptions, type TriggeringOptions } from './operators/triggering';
export { combinePerKey, groupByKey } from './operators/combinePerKey';
export { coGroupByKey, withKeys, type Keyed, type CoGroupInputs, type CoGroupResult } from './operators/coGroupByKey';
export { mergeEventTime } from './operators/mergeEventTime';
export type { GroupingOptions } from './operators/grouping';
export { EVENT_TIME_RECORDS, recordsOf, type EventTimeStream, type EventTimeInput, type PaneStream } from './operators/stream';
