/**
 * The reducer's fast paths against its plain paths (`ReducerConfig.plainPaths`): random out-of-order
 * steps of three keys, with watermarks that make windows late and collect them and a processing time
 * that makes triggers due, under strategies that do and do not allow the fast paths. A run's transcript
 * has every output watermark, pane (in full) and drop, and the metrics at its end.
 */
import fc from 'fast-check';
import { afterCount, afterProcessingTime, afterWatermarkTrigger, Combine, type CombineFn, type Pane, type WindowFn } from '../../src/index';
import type { WindowingStrategy } from '../../src/core/strategy';
import { reducerHarness } from './reducerHarness';

export interface PathStep {
  readonly key: string;
  readonly t: number;
  /** Moves the watermark this far after the element (0: not at all). */
  readonly advance: number;
  /**
   * Then moves the processing time this far (0: not at all): running the timers due when positive, and
   * without running them when negative, so that the next elements meet a trigger that is due.
   */
  readonly clock: number;
  /** A number for CombineFns that read one: mostly whole, at times a fraction. */
  readonly amount: number;
}

/** Steps with times in [0, maxT]; the watermark moves after about a third of them. */
export const pathSteps = (maxT: number): fc.Arbitrary<PathStep[]> =>
  fc.array(
    fc.record({
      key: fc.constantFrom('a', 'b', 'c'),
      t: fc.integer({ min: 0, max: maxT }),
      advance: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: Math.max(2, Math.round(maxT / 6)) })),
      clock: fc.oneof(fc.constant(0), fc.integer({ min: -3, max: 3 })),
      amount: fc.oneof({ weight: 9, arbitrary: fc.integer({ min: -50, max: 50 }) }, { weight: 1, arbitrary: fc.constantFrom(0.1, 0.2, 2.5) }),
    }),
    { maxLength: 150 },
  );

/** Strategies with and without the fast paths (these need an end-of-window trigger and end-of-window holds). */
export const PATH_STRATEGIES: Readonly<Record<string, Partial<WindowingStrategy>>> = {
  default: { accumulation: 'accumulating' },
  'afterWatermark, discarding': { trigger: afterWatermarkTrigger(), accumulation: 'discarding' },
  'only non-empty panes': { onTimeBehavior: 'fireIfNonEmpty', closingBehavior: 'fireIfNonEmpty', accumulation: 'discarding' },
  'early count firings': { trigger: afterWatermarkTrigger({ early: afterCount(2) }), accumulation: 'accumulating' },
  'early processing-time firings': { trigger: afterWatermarkTrigger({ early: afterProcessingTime(4) }), accumulation: 'accumulating' },
  'early processing-time firings, discarding': { trigger: afterWatermarkTrigger({ early: afterProcessingTime(2), late: afterProcessingTime(3) }), accumulation: 'discarding' },
  'late firings': { trigger: afterWatermarkTrigger({ late: afterCount(1) }), accumulation: 'accumulating' },
  'earliest holds': { timestampCombiner: 'earliest', accumulation: 'accumulating' },
};

/**
 * The transcript of one run; `lag` is how far the watermark stays behind the latest time. Values are
 * counted unless `combineFn` says otherwise.
 */
export function pathTranscript(
  input: readonly PathStep[],
  windowFn: WindowFn,
  strategy: Partial<WindowingStrategy>,
  lateness: number,
  lag: number,
  plainPaths: boolean,
  combineFn: CombineFn<PathStep, unknown, unknown> = Combine.count<PathStep>(),
): string[] {
  const h = reducerHarness<PathStep, string, unknown, unknown>({ windowFn, allowedLateness: lateness, ...strategy }, (s) => s.key, combineFn, { plainPaths });
  const seen: string[] = [];
  let wm = Number.NEGATIVE_INFINITY;
  for (const s of input) {
    h.reducer.processElement(s, s.t);
    if (s.advance > 0) {
      wm = Math.max(wm, s.t - lag) + s.advance;
      h.reducer.advanceWatermark(wm);
      seen.push(`output watermark ${h.reducer.outputWatermark}`);
    }
    if (s.clock > 0) h.clockTo(h.now() + s.clock);
    else if (s.clock < 0) h.setNow(h.now() - s.clock);
  }
  h.reducer.advanceWatermark(Number.POSITIVE_INFINITY);
  const pane = (q: Pane<unknown, string>) => `${q.key} [${q.window.start},${q.window.end}) ${JSON.stringify(q.value)} ${JSON.stringify(q.pane)} at ${q.timestamp}`;
  return [...seen, ...h.panes.map(pane), ...h.drops.map((d) => `dropped ${d.value.key}@${d.value.t} ${d.reason}`), JSON.stringify(h.reducer.metrics)];
}
