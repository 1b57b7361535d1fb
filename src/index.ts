/**
 * rxjs-event-time: Apache Beam's event-time model as RxJS operators.
 *
 * A pipeline stamps values with event time (`assignEventTime`), chooses windows (`fixedWindow`,
 * `slidingWindow`, `globalWindow`), chooses when to emit (`afterWatermark`, `triggering`), and groups
 * per key (`combinePerKey`, `groupByKey`, `coGroupByKey`). Each output is a {@link Pane}.
 *
 * Test helpers are in `rxjs-event-time/testing`; the machinery for building operators of your own (the
 * `Reducer`, the record protocol's helpers) is in `rxjs-event-time/core`.
 */
export {
  MIN_TIMESTAMP,
  MAX_TIMESTAMP,
  END_OF_GLOBAL_WINDOW,
  formatInstant,
  isValidTimestamp,
  isValidEventTime,
  type Instant,
  type Duration,
} from './time.js';
export { formatUtc } from './formatUtc.js';

// Windows
export {
  GLOBAL_WINDOW,
  intervalWindow,
  isGlobalWindow,
  sameWindow,
  windowsIntersect,
  compareWindows,
  spanWindows,
  describeWindow,
  type Window,
} from './windows/window.js';
export type { WindowFn, WindowMerge, WindowSlices } from './windows/windowFn.js';
export { fixedWindows } from './windows/fixedWindows.js';
export { slidingWindows, defaultPeriod, MAX_WINDOWS_PER_ELEMENT } from './windows/slidingWindows.js';
export { globalWindows } from './windows/globalWindows.js';
export { sessionWindows, mergeOverlappingWindows } from './windows/sessionWindows.js';

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
} from './triggers/factories.js';
export {
  describeTrigger,
  isOnceTrigger,
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
  type OnceTrigger,
  type OnTimeTrigger,
} from './triggers/trigger.js';
export { MAX_TRIGGER_DEPTH, MAX_TRIGGER_NODES } from './triggers/validateTrigger.js';
export { Trigger } from './triggers/namespace.js';

// Combiners
export { Combine } from './combiners/namespace.js';
export { combineFields, type FieldsAccumulator, type FieldsOutput, type AnyCombineFn } from './combiners/combineFields.js';
export { sum } from './combiners/sum.js';
export { toList } from './combiners/toList.js';
export type { CombineFn, CombineInput, CombineOutput } from './combiners/combineFn.js';

// Core model
export type { Pane, PaneInfo, PaneTiming } from './core/pane.js';
export { describePane } from './core/pane.js';
export type { EventTimeRecord, ElementRecord, BundleRecord, WatermarkRecord, StrategyRecord, ClockRecord, CheckpointRecord, ControlRecord } from './core/records.js';
export { OperatorStates } from './core/operatorStates.js';
export {
  DEFAULT_STRATEGY,
  describeStrategy,
  sameStrategy,
  type WindowingStrategy,
  type AccumulationMode,
  type TimestampCombiner,
  type OnTimeBehavior,
  type ClosingBehavior,
} from './core/strategy.js';
// What a grouping reports (its options' callbacks); the Reducer itself is in the core entry (src/core.ts).
export type { ReducerMetrics, DroppedElement, DropReason, BadRecordReason, Firing, FiringCause } from './core/reducerTypes.js';
export { boundedOutOfOrderness, monotonicTimestamps, type WatermarkGenerator, type WatermarkStrategy } from './core/watermarks.js';

// Operators
export { assignEventTime, type AssignEventTimeOptions } from './operators/assignEventTime.js';
export { fixedWindow, slidingWindow, globalWindow, sessionWindow, windowInto } from './operators/windowing.js';
export {
  afterWatermark,
  triggering,
  type AfterWatermarkOptions,
  type TriggeringOptions,
  type AccumulatingOptions,
  type OnTimeOptions,
  type EarlyLateOptions,
} from './operators/triggering.js';
export { combinePerKey, groupByKey } from './operators/combinePerKey.js';
export {
  coGroupByKey,
  withKeys,
  type WithKeysOptions,
  type Keyed,
  type CoGroupInputs,
  type CoGroupResult,
  type KeyOf,
  type ValueOf,
  type Tagged,
} from './operators/coGroupByKey.js';
export { mergeEventTime } from './operators/mergeEventTime.js';
export type { GroupingOptions } from './operators/grouping.js';
export type { EventTimeStream, EventTimeInput, EventTimeOperator, PaneStream } from './operators/stream.js';
export { asEventTime } from './operators/asEventTime.js';

// Reliability: dead letters, metrics, watermark strategies
export {
  deadLetter,
  type DeadLetter,
  type DeadLetterOptions,
  type DeadLetterReason,
  type DeadLetterSink,
  type GroupingMetrics,
  type MetricsSink,
} from './operators/deadLetters.js';
export { isOperatorError } from './operators/errors.js';
export { encodeKey, KEY_RULE, MAX_KEY_DEPTH } from './core/keyEncoding.js';
export { punctuatedWatermark, withIdleness } from './core/watermarks.js';

// Calendar windows and more combiners
export { calendarWindows, type CalendarUnit, type CalendarWindowOptions, type DayOfWeek } from './windows/calendarWindows.js';
export { calendarWindow } from './operators/calendarWindow.js';
export { mean, type MeanAccumulator } from './combiners/mean.js';
export { top, type TopAccumulator } from './combiners/top.js';
export { latest, type LatestAccumulator } from './combiners/latest.js';
export { countDistinct } from './combiners/countDistinct.js';
export { approxCountDistinct, type ApproxCountDistinctOptions, type HllAccumulator } from './combiners/approxCountDistinct.js';
export { approxQuantiles, type ApproxQuantilesOptions, type QuantilesAccumulator } from './combiners/approxQuantiles.js';
export type { ExtremumAccumulator } from './combiners/extremum.js';
export type { Compare } from './combiners/compare.js';

// Pictures and explanations of a run
export {
  recordRun,
  type RunRecorder,
  type RunRecording,
  type RecordRunOptions,
  type RecordedEvent,
  type RecordedElement,
  type RecordedWatermark,
  type RecordedPane,
  type RecordedDrop,
} from './render/recording.js';
export { renderTimeline, TIMING_COLOURS, type TimelineOptions } from './render/timeline.js';
export { renderInspector, type InspectorOptions } from './render/inspector.js';
export { explainPane, type ExplainOptions } from './render/explain.js';

// Replayable sources and checkpoint stores (the file-system ones are in rxjs-event-time/node)
export { fromReplayableSource, type Positioned, type ReplayableSource, type SourcePosition } from './io/replayableSource.js';
export type { Checkpoint, CheckpointStore } from './io/checkpointStore.js';
export { runCheckpointed, type CheckpointedRunOptions, type CheckpointedRunResult, type CommittingSink } from './io/checkpointedRun.js';
export { ControlledInput, type ControlledObserver } from './operators/controlledInput.js';
export type { StateCodec, WatermarkProgress } from './core/operatorStates.js';
// Event-time joins
export { intervalJoin, type IntervalJoinOptions, type Joined } from './operators/intervalJoin.js';
export { temporalJoin, type TemporalJoinOptions } from './operators/temporalJoin.js';
export type { IntervalJoinMetrics } from './core/intervalJoiner.js';
export type { TemporalJoinMetrics } from './core/temporalJoiner.js';
export type { SessionGap } from './windows/sessionWindows.js';
// Durable state: the coder contract a CombineFn's accumulatorCoder follows
export type { Coder, Encoded } from './state/coder.js';
