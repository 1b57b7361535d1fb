/**
 * Runs a Beam trigger transcript against the pure `Reducer` with the matching rules of Beam's direct
 * transcript driver: each expectation takes the first not-yet-matched pane (in emission order) that
 * agrees on every field it names; no such pane is "Unmatched output"; panes left over when the next
 * input or watermark action starts, or at the end, are "Unexpected output".
 *
 * Times: transcripts speak in seconds; elements run with value = timestamp = seconds × 1000 ms, and
 * panes are reported back in seconds truncated toward zero (Python's `int()`).
 */
import {
  DEFAULT_STRATEGY,
  afterAll,
  afterCount,
  afterEach,
  afterFirst,
  afterProcessingTime,
  afterWatermarkTrigger,
  defaultTrigger,
  fixedWindows,
  globalWindows,
  neverTrigger,
  orFinally,
  repeatedly,
  sessionWindows,
  toList,
  type Pane,
  type TimestampCombiner,
  type TriggerSpec,
  type WindowFn,
  type WindowingStrategy,
} from '../../src/index';
import { reducerHarness } from '../helpers/reducerHarness';
import type { ExpectedRecord, Transcript, TranscriptErrorKind, TranscriptTimestampCombiner, TranscriptTrigger, TranscriptWindowFn } from './transcripts';

const MS = 1000;

/** A pane as the transcript format describes it. */
export interface OutputRecord {
  readonly window: readonly [number, number];
  readonly values: readonly number[];
  readonly timestamp: number;
  readonly index: number;
  readonly nonspeculative_index: number;
  readonly early: boolean;
  readonly late: boolean;
  readonly final: boolean;
}

/** The outcome of one run: no mismatch, or the first mismatch with the panes involved. */
export type HarnessResult =
  | { readonly ok: true; readonly panes: number }
  | { readonly ok: false; readonly kind: TranscriptErrorKind; readonly message: string; readonly actionIndex: number };

const seconds = (ms: number): number => Math.trunc(ms / MS);

/**
 * Maps a transcript window function to ours. The custom-timestamping one is fixed windows whose output
 * time is the element's time plus 100 s; the shift shows only under 'earliestTransformed'.
 */
export function toWindowFn(w: TranscriptWindowFn): WindowFn {
  switch (w.type) {
    case 'FixedWindows':
      return fixedWindows(w.size * MS);
    case 'CustomTimestampingFixedWindowsWindowFn':
      return { ...fixedWindows(w.size * MS), outputTime: (t: number) => t + 100 * MS };
    case 'Sessions':
      return sessionWindows(w.gap * MS);
    case 'GlobalWindows':
      return globalWindows();
  }
}

/**
 * Maps a transcript trigger to ours. Python wraps `AfterWatermark`'s early and late triggers in
 * `Repeatedly`; ours repeats them implicitly as Java does, so an explicit `Repeatedly` there is unwrapped.
 */
export function toTrigger(t: TranscriptTrigger): TriggerSpec {
  const phase = (p: TranscriptTrigger | undefined) => (p === undefined ? undefined : toTrigger(p.type === 'Repeatedly' ? p.subtrigger : p));
  switch (t.type) {
    case 'Default':
      return defaultTrigger();
    case 'AfterWatermark':
      return afterWatermarkTrigger({ early: phase(t.early), late: phase(t.late) });
    case 'AfterCount':
      return afterCount(t.count);
    case 'AfterProcessingTime':
      return afterProcessingTime(t.delay * MS);
    case 'Repeatedly':
      return repeatedly(toTrigger(t.subtrigger));
    case 'AfterAny':
      return afterFirst(...t.triggers.map(toTrigger));
    case 'AfterAll':
      return afterAll(...t.triggers.map(toTrigger));
    case 'AfterEach':
      return afterEach(...t.triggers.map(toTrigger));
    case 'OrFinally':
      return orFinally(toTrigger(t.trigger), toTrigger(t.until));
    case 'Never':
      return neverTrigger();
  }
}

function toCombiner(c: TranscriptTimestampCombiner): TimestampCombiner {
  switch (c) {
    case 'OUTPUT_AT_EOW':
      return 'endOfWindow';
    case 'OUTPUT_AT_EARLIEST':
      return 'earliest';
    case 'OUTPUT_AT_LATEST':
      return 'latest';
    case 'OUTPUT_AT_EARLIEST_TRANSFORMED':
      return 'earliestTransformed';
  }
}

/** The windowing strategy of a transcript, with Beam Java's defaults for everything it does not name. */
export function toStrategy(t: Transcript): WindowingStrategy {
  return {
    ...DEFAULT_STRATEGY,
    windowFn: toWindowFn(t.windowFn),
    trigger: toTrigger(t.trigger),
    allowedLateness: t.allowedLateness * MS,
    accumulation: t.accumulationMode,
    timestampCombiner: toCombiner(t.timestampCombiner),
  };
}

/** A pane in the transcript's terms. */
export function recordOf(pane: Pane<number[], unknown>): OutputRecord {
  return {
    window: [seconds(pane.window.start), seconds(pane.window.maxTimestamp)],
    values: pane.value.map(seconds).sort((a, b) => a - b),
    timestamp: seconds(pane.timestamp),
    index: pane.pane.index,
    nonspeculative_index: pane.pane.onTimeIndex,
    early: pane.pane.timing === 'EARLY',
    late: pane.pane.timing === 'LATE',
    final: pane.pane.isLast,
  };
}

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** True when the record agrees with every field the expectation names. */
export function matches(expected: ExpectedRecord, record: OutputRecord): boolean {
  return (Object.keys(expected) as (keyof ExpectedRecord)[]).every(
    (k) => expected[k] === undefined || !(k in record) || sameValue(expected[k], record[k]),
  );
}

const show = (x: unknown) => JSON.stringify(x);

/** Runs one transcript and reports the first mismatch, if any; `observe` sees every pane as it is emitted. */
export function runTranscript(t: Transcript, observe?: (record: OutputRecord, actionIndex: number) => void): HarnessResult {
  const strategy = toStrategy(t);
  const pending: OutputRecord[] = [];
  let emitted = 0;
  let current = 0;
  const h = reducerHarness<number, string, number[], number[]>(strategy, () => 'key', toList<number>(), {
    onPane: (p) => {
      emitted++;
      const record = recordOf(p);
      observe?.(record, current);
      pending.push(record);
    },
  });
  const { reducer } = h;
  const leftovers = (actionIndex: number): HarnessResult | undefined =>
    pending.length === 0
      ? undefined
      : { ok: false, kind: 'Unexpected output', actionIndex, message: `Unexpected output before action ${actionIndex}: ${show(pending)}` };
  try {
    for (let i = 0; i < t.actions.length; i++) {
      const action = t.actions[i];
      current = i;
      if ('expect' in action) {
        for (const expected of action.expect) {
          const at = pending.findIndex((r) => matches(expected, r));
          if (at < 0) {
            return { ok: false, kind: 'Unmatched output', actionIndex: i, message: `Unmatched output: ${show(expected)} among ${show(pending)}` };
          }
          pending.splice(at, 1);
        }
        continue;
      }
      const early = leftovers(i);
      if (early) return early;
      if ('input' in action) {
        reducer.processBundle(action.input.map((s) => ({ value: s * MS, timestamp: s * MS })));
      } else if ('watermark' in action) {
        reducer.advanceWatermark(action.watermark * MS);
      } else if ('clock' in action) {
        h.clockTo(h.now() + action.clock * MS);
      }
      // `state` checks are never verified by the reference harness either.
    }
    return leftovers(t.actions.length) ?? { ok: true, panes: emitted };
  } finally {
    reducer.dispose();
  }
}
