/**
 * Beam's trigger transcripts as typed data: every transcript of the current Beam file
 * (`sdks/python/apache_beam/testing/data/trigger_transcripts.yaml`, stored at commit 3f6f37c7),
 * 13 that must pass and 5 deliberately wrong ones that must be rejected.
 *
 * Conventions kept from the source format:
 * - all times are whole seconds; an element's value is its event timestamp;
 * - the accumulation mode defaults to ACCUMULATING when a transcript does not name one (the
 *   transcript harness's default, not Beam's);
 * - window bounds in expectations are `[start, maxTimestamp]`, truncated to whole seconds;
 * - an expectation names only the fields it checks.
 *
 * Trigger and window names are Beam Python's; the harness maps them to this library's factories.
 */

/** A window function as named in a transcript. */
export type TranscriptWindowFn =
  | { readonly type: 'FixedWindows'; readonly size: number }
  | { readonly type: 'Sessions'; readonly gap: number }
  | { readonly type: 'GlobalWindows' }
  /** Fixed windows whose WindowFn-transformed output time is `t + 100` (used only by OUTPUT_AT_EARLIEST_TRANSFORMED). */
  | { readonly type: 'CustomTimestampingFixedWindowsWindowFn'; readonly size: number };

/** A trigger as named in a transcript (Beam Python names; `AfterAny` is Java's `AfterFirst`). */
export type TranscriptTrigger =
  | { readonly type: 'Default' }
  | { readonly type: 'AfterWatermark'; readonly early?: TranscriptTrigger; readonly late?: TranscriptTrigger }
  | { readonly type: 'AfterCount'; readonly count: number }
  | { readonly type: 'AfterProcessingTime'; readonly delay: number }
  | { readonly type: 'Repeatedly'; readonly subtrigger: TranscriptTrigger }
  | { readonly type: 'AfterAny'; readonly triggers: readonly TranscriptTrigger[] }
  | { readonly type: 'AfterAll'; readonly triggers: readonly TranscriptTrigger[] }
  | { readonly type: 'AfterEach'; readonly triggers: readonly TranscriptTrigger[] }
  | { readonly type: 'OrFinally'; readonly trigger: TranscriptTrigger; readonly until: TranscriptTrigger }
  | { readonly type: 'Never' };

export type TranscriptTimestampCombiner = 'OUTPUT_AT_EOW' | 'OUTPUT_AT_EARLIEST' | 'OUTPUT_AT_LATEST' | 'OUTPUT_AT_EARLIEST_TRANSFORMED';

/** What one emitted pane must agree with; only the fields present are compared. */
export interface ExpectedRecord {
  /** `[start, maxTimestamp]` in whole seconds. */
  readonly window?: readonly [number, number];
  /** The pane's values (event timestamps in seconds), sorted. */
  readonly values?: readonly number[];
  /** The pane's output timestamp in whole seconds. */
  readonly timestamp?: number;
  readonly index?: number;
  /** Beam's `nonspeculative_index` (our `onTimeIndex`). */
  readonly nonspeculative_index?: number;
  readonly early?: boolean;
  readonly late?: boolean;
  /** Beam's `is_last`. */
  readonly final?: boolean;
}

/** One step of a transcript. */
export type TranscriptAction =
  /** One bundle of elements; each value is its own timestamp (seconds). */
  | { readonly input: readonly number[] }
  /** Moves the watermark to this many seconds and runs every timer it passes. */
  | { readonly watermark: number }
  /** Moves processing time forward by this many seconds (not used by the current file). */
  | { readonly clock: number }
  /** The panes the preceding actions must have produced. */
  | { readonly expect: readonly ExpectedRecord[] }
  /** A state check that the reference harness never verifies; kept as data, run as a no-op. */
  | { readonly state: { readonly present?: readonly (readonly [number, number])[]; readonly absent?: readonly (readonly [number, number])[]; readonly tombstone?: readonly (readonly [number, number])[] } };

/** The two ways a transcript can be rejected. */
export type TranscriptErrorKind = 'Unmatched output' | 'Unexpected output';

export interface Transcript {
  readonly name: string;
  readonly windowFn: TranscriptWindowFn;
  readonly trigger: TranscriptTrigger;
  readonly accumulationMode: 'accumulating' | 'discarding';
  readonly timestampCombiner: TranscriptTimestampCombiner;
  /** Seconds. */
  readonly allowedLateness: number;
  /** Runners the reference suite skips this transcript on (kept for provenance). */
  readonly brokenOn?: readonly string[];
  /** For the deliberately wrong transcripts: the rejection the harness must report. */
  readonly error?: TranscriptErrorKind;
  /** Why the transcript looks the way it does, where the source has a quirk. */
  readonly note?: string;
  readonly actions: readonly TranscriptAction[];
}

const fixed10: TranscriptWindowFn = { type: 'FixedWindows', size: 10 };
const custom10: TranscriptWindowFn = { type: 'CustomTimestampingFixedWindowsWindowFn', size: 10 };
const defaultTrigger: TranscriptTrigger = { type: 'Default' };
const count = (n: number): TranscriptTrigger => ({ type: 'AfterCount', count: n });

/** The six-element input most combiner transcripts share, settled by watermark 100. */
const sixInputsToWatermark100: readonly TranscriptAction[] = [{ input: [1, 2, 3, 10, 11, 25] }, { watermark: 100 }];

export const TRANSCRIPTS: readonly Transcript[] = [
  {
    name: 'fixed_default',
    windowFn: fixed10,
    trigger: defaultTrigger,
    accumulationMode: 'accumulating',
    timestampCombiner: 'OUTPUT_AT_EOW',
    allowedLateness: 0,
    actions: [
      { input: [1, 2, 3, 10, 11] },
      { watermark: 25 },
      {
        expect: [
          { window: [0, 9], values: [1, 2, 3], index: 0 },
          { window: [10, 19], values: [10, 11] },
        ],
      },
    ],
  },
  {
    name: 'fixed_default_late_data',
    windowFn: fixed10,
    trigger: defaultTrigger,
    accumulationMode: 'accumulating',
    timestampCombiner: 'OUTPUT_AT_EOW',
    allowedLateness: 100,
    actions: [
      ...sixInputsToWatermark100,
      {
        expect: [
          { window: [0, 9], values: [1, 2, 3], timestamp: 9, final: false },
          { window: [10, 19], values: [10, 11], timestamp: 19 },
          { window: [20, 29], values: [25], timestamp: 29, late: false },
        ],
      },
      { input: [7] },
      { expect: [{ window: [0, 9], values: [1, 2, 3, 7], timestamp: 9, late: true }] },
    ],
  },
  {
    name: 'fixed_drop_late_data_after_allowed_lateness',
    windowFn: fixed10,
    trigger: { type: 'AfterWatermark', early: count(3), late: count(1) },
    accumulationMode: 'accumulating',
    timestampCombiner: 'OUTPUT_AT_EOW',
    allowedLateness: 20,
    actions: [
      { input: [1, 2, 10, 11, 80, 81] },
      { watermark: 100 },
      {
        expect: [
          { window: [0, 9], values: [1, 2], timestamp: 9 },
          { window: [10, 19], values: [10, 11], timestamp: 19 },
          { window: [80, 89], values: [80, 81], timestamp: 89, late: false },
        ],
      },
      { input: [7, 8] },
      { input: [17, 18] },
      { input: [82] },
      { expect: [{ window: [80, 89], values: [80, 81, 82], timestamp: 89, late: true }] },
    ],
  },
  {
    name: 'timestamp_combiner_earliest',
    windowFn: fixed10,
    trigger: defaultTrigger,
    accumulationMode: 'accumulating',
    timestampCombiner: 'OUTPUT_AT_EARLIEST',
    allowedLateness: 0,
    actions: [
      ...sixInputsToWatermark100,
      {
        expect: [
          { window: [0, 9], values: [1, 2, 3], timestamp: 1 },
          { window: [10, 19], values: [10, 11], timestamp: 10 },
          { window: [20, 29], values: [25], timestamp: 25, late: false },
        ],
      },
    ],
  },
  {
    name: 'timestamp_combiner_latest',
    windowFn: fixed10,
    trigger: defaultTrigger,
    accumulationMode: 'accumulating',
    timestampCombiner: 'OUTPUT_AT_LATEST',
    allowedLateness: 0,
    actions: [
      ...sixInputsToWatermark100,
      {
        expect: [
          { window: [0, 9], values: [1, 2, 3], timestamp: 3 },
          { window: [10, 19], values: [10, 11], timestamp: 11 },
          { window: [20, 29], values: [25], timestamp: 25, late: false },
        ],
      },
    ],
  },
  {
    name: 'timestamp_combiner_custom_timestamping_eow',
    windowFn: custom10,
    trigger: defaultTrigger,
    accumulationMode: 'accumulating',
    timestampCombiner: 'OUTPUT_AT_EOW',
    allowedLateness: 0,
    note: 'The WindowFn output-time shift must not apply under end-of-window stamping.',
    actions: [
      ...sixInputsToWatermark100,
      {
        expect: [
          { window: [0, 9], values: [1, 2, 3], timestamp: 9 },
          { window: [10, 19], values: [10, 11], timestamp: 19 },
          { window: [20, 29], values: [25], timestamp: 29, late: false },
        ],
      },
    ],
  },
  {
    name: 'timestamp_combiner_custom_timestamping_earliest',
    windowFn: custom10,
    trigger: defaultTrigger,
    accumulationMode: 'accumulating',
    timestampCombiner: 'OUTPUT_AT_EARLIEST',
    allowedLateness: 0,
    note: 'The WindowFn output-time shift must not apply under plain EARLIEST.',
    actions: [
      ...sixInputsToWatermark100,
      {
        expect: [
          { window: [0, 9], values: [1, 2, 3], timestamp: 1 },
          { window: [10, 19], values: [10, 11], timestamp: 10 },
          { window: [20, 29], values: [25], timestamp: 25, late: false },
        ],
      },
    ],
  },
  {
    // The source file repeats the previous name; its harness runs this copy as `..._1`.
    name: 'timestamp_combiner_custom_timestamping_earliest',
    brokenOn: ['SwitchingDirectRunner'],
    windowFn: custom10,
    trigger: defaultTrigger,
    accumulationMode: 'accumulating',
    timestampCombiner: 'OUTPUT_AT_EARLIEST_TRANSFORMED',
    allowedLateness: 0,
    note: 'The WindowFn output-time shift (+100 s) applies under the Python-only OUTPUT_AT_EARLIEST_TRANSFORMED.',
    actions: [
      ...sixInputsToWatermark100,
      {
        expect: [
          { window: [0, 9], values: [1, 2, 3], timestamp: 101 },
          { window: [10, 19], values: [10, 11], timestamp: 110 },
          { window: [20, 29], values: [25], timestamp: 125, late: false },
        ],
      },
    ],
  },
  {
    name: 'early_late_sessions',
    brokenOn: ['SwitchingDirectRunner'],
    windowFn: { type: 'Sessions', gap: 10 },
    trigger: { type: 'AfterWatermark', early: count(2), late: count(3) },
    accumulationMode: 'accumulating',
    timestampCombiner: 'OUTPUT_AT_EOW',
    allowedLateness: 100,
    note: 'A merge into a new window restarts pane indices; a merge into an existing window keeps them.',
    actions: [
      { input: [1, 2] },
      { expect: [{ window: [1, 11], values: [1, 2], timestamp: 11, early: true, index: 0 }] },
      { input: [3] },
      { input: [4] },
      { expect: [{ window: [1, 13], values: [1, 2, 3, 4], timestamp: 13, early: true, index: 0 }] },
      { input: [5] },
      { watermark: 100 },
      { expect: [{ window: [1, 14], values: [1, 2, 3, 4, 5], timestamp: 14, index: 0, nonspeculative_index: 0 }] },
      { input: [1] },
      { input: [3, 4] },
      {
        expect: [
          { window: [1, 14], values: [1, 1, 2, 3, 3, 4, 4, 5], timestamp: 14, final: false, index: 1, nonspeculative_index: 1 },
        ],
      },
    ],
  },
  {
    name: 'discarding_early_fixed',
    windowFn: fixed10,
    trigger: { type: 'AfterWatermark', early: count(2) },
    accumulationMode: 'discarding',
    timestampCombiner: 'OUTPUT_AT_EOW',
    allowedLateness: 0,
    actions: [
      { input: [1, 2] },
      { expect: [{ window: [0, 9], values: [1, 2], timestamp: 9, early: true, index: 0 }] },
      { input: [4] },
      { input: [14] },
      { input: [5] },
      { expect: [{ window: [0, 9], values: [4, 5], timestamp: 9, early: true, index: 1 }] },
      { input: [18] },
      { expect: [{ window: [10, 19], values: [14, 18], timestamp: 19, early: true, index: 0 }] },
      { input: [6] },
      { watermark: 100 },
      {
        expect: [
          { window: [0, 9], values: [6], timestamp: 9, early: false, late: false, final: true, index: 2, nonspeculative_index: 0 },
          { window: [10, 19], values: [], timestamp: 19, early: false, late: false, final: true, index: 1, nonspeculative_index: 0 },
        ],
      },
    ],
  },
  {
    name: 'garbage_collection',
    brokenOn: ['SwitchingDirectRunner'],
    windowFn: fixed10,
    trigger: count(2),
    accumulationMode: 'discarding',
    timestampCombiner: 'OUTPUT_AT_EOW',
    allowedLateness: 10,
    actions: [
      { input: [1, 2, 3, 10, 11, 25] },
      {
        expect: [
          { window: [0, 9], timestamp: 9 },
          { window: [10, 19], timestamp: 19 },
        ],
      },
      { state: { present: [[20, 29]], absent: [[0, 9]], tombstone: [[10, 19]] } },
    ],
  },
  {
    name: 'known_late_data_watermark',
    brokenOn: ['SwitchingDirectRunner'],
    windowFn: fixed10,
    trigger: defaultTrigger,
    accumulationMode: 'accumulating',
    timestampCombiner: 'OUTPUT_AT_EARLIEST',
    allowedLateness: 0,
    actions: [
      { watermark: 5 },
      { input: [2, 3, 7, 8] },
      { watermark: 11 },
      { expect: [{ window: [0, 9], values: [2, 3, 7, 8], timestamp: 7 }] },
    ],
  },
  {
    name: 'known_late_data_no_watermark_hold_possible',
    brokenOn: ['SwitchingDirectRunner'],
    windowFn: fixed10,
    trigger: defaultTrigger,
    accumulationMode: 'accumulating',
    timestampCombiner: 'OUTPUT_AT_EARLIEST',
    allowedLateness: 0,
    actions: [
      { watermark: 8 },
      { input: [2, 3, 7] },
      { watermark: 11 },
      { expect: [{ window: [0, 9], values: [2, 3, 7], timestamp: 9 }] },
    ],
  },
  {
    name: 'bad_output',
    error: 'Unmatched output',
    // The source spells the key `windowfn`, which its parser ignores, so this runs in the global window.
    windowFn: { type: 'GlobalWindows' },
    trigger: defaultTrigger,
    accumulationMode: 'accumulating',
    timestampCombiner: 'OUTPUT_AT_EOW',
    allowedLateness: 0,
    note: 'Expects a pane before any watermark move; its misspelt window key leaves the global window in force.',
    actions: [{ input: [1, 2, 3] }, { expect: [{ window: [0, 9], values: [1, 2, 3] }] }, { watermark: 100 }],
  },
  {
    name: 'bad_expected_values',
    error: 'Unmatched output',
    windowFn: fixed10,
    trigger: defaultTrigger,
    accumulationMode: 'accumulating',
    timestampCombiner: 'OUTPUT_AT_EOW',
    allowedLateness: 0,
    actions: [{ input: [1, 2, 3] }, { watermark: 100 }, { expect: [{ window: [0, 9], values: [1, 2] }] }],
  },
  {
    name: 'bad_expected_window',
    error: 'Unmatched output',
    windowFn: fixed10,
    trigger: defaultTrigger,
    accumulationMode: 'accumulating',
    timestampCombiner: 'OUTPUT_AT_EOW',
    allowedLateness: 0,
    actions: [{ input: [1, 2, 3] }, { watermark: 100 }, { expect: [{ window: [0, 19], values: [1, 2, 3] }] }],
  },
  {
    name: 'missing_output',
    error: 'Unexpected output',
    windowFn: fixed10,
    trigger: defaultTrigger,
    accumulationMode: 'accumulating',
    timestampCombiner: 'OUTPUT_AT_EOW',
    allowedLateness: 0,
    actions: [{ input: [1, 2, 3] }, { watermark: 100 }, { watermark: 200 }],
  },
  {
    name: 'missing_output_at_end',
    error: 'Unexpected output',
    windowFn: fixed10,
    trigger: defaultTrigger,
    accumulationMode: 'accumulating',
    timestampCombiner: 'OUTPUT_AT_EOW',
    allowedLateness: 0,
    actions: [{ input: [1, 2, 3] }, { watermark: 100 }],
  },
];
