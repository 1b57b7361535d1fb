/**
 * Random reducer scenarios over session windows, for differential specs that run one scenario through
 * two paths of the reducer and expect the same output: several triggers, both accumulation modes, the
 * three timestamp combiners, both closing and on-time behaviours, lateness, bundles, late data and
 * processing time. The output records every pane (with its firing), every drop, and the watermarks,
 * metrics and next timer after every step.
 */
import fc from 'fast-check';
import {
  afterCount,
  afterEach as inSequence,
  afterFirst,
  afterProcessingTime,
  afterWatermarkTrigger,
  Combine,
  DEFAULT_STRATEGY,
  defaultTrigger,
  orFinally,
  repeatedly,
  sessionWindows,
  type TriggerSpec,
  type WindowFn,
  type WindowingStrategy,
} from '../../src/index';
import { reducerHarness, runScenarioStep } from './reducerHarness';
import type { Coder, Encoded } from '../../src/state/coder';
import { restoreReducer, snapshotReducer, type ReducerSnapshot } from '../../src/core/reducerSnapshot';

interface Ev {
  readonly key: string;
  readonly t: number;
  readonly v: number;
}

const triggers: Record<string, () => TriggerSpec> = {
  default: () => defaultTrigger(),
  watermark: () => afterWatermarkTrigger(),
  earlyCount: () => afterWatermarkTrigger({ early: afterCount(2) }),
  earlyLate: () => afterWatermarkTrigger({ early: afterCount(3), late: afterCount(1) }),
  earlyClock: () => afterWatermarkTrigger({ early: afterProcessingTime(10), late: afterCount(1) }),
  repeatedCount: () => repeatedly(afterCount(2)),
  count: () => afterCount(2),
  sequence: () => inSequence(afterCount(2), afterCount(1)),
  countThenWatermark: () => inSequence(afterCount(1), afterWatermarkTrigger()),
  firstOf: () => repeatedly(afterFirst(afterCount(3), afterProcessingTime(20))),
  orFinally: () => orFinally(repeatedly(afterCount(2)), afterWatermarkTrigger()),
};

/**
 * A random scenario; element times are relative to the watermark, so that some are late, and often
 * repeat, so that new windows often equal open ones.
 */
export const sessionScenario = fc.record({
  gap: fc.integer({ min: 5, max: 40 }),
  trigger: fc.constantFrom(...Object.keys(triggers)),
  allowedLateness: fc.constantFrom(0, 10, 50, 200),
  accumulation: fc.constantFrom('discarding' as const, 'accumulating' as const, 'accumulatingAndRetracting' as const),
  timestampCombiner: fc.constantFrom('endOfWindow' as const, 'earliest' as const, 'latest' as const),
  onTimeBehavior: fc.constantFrom('fireAlways' as const, 'fireIfNonEmpty' as const),
  closingBehavior: fc.constantFrom('fireAlways' as const, 'fireIfNonEmpty' as const),
  steps: fc.array(
    fc.oneof(
      { weight: 6, arbitrary: fc.record({ op: fc.constant('elements' as const), els: fc.array(fc.record({ key: fc.constantFrom('a', 'b', 'c'), t: fc.oneof(fc.integer({ min: -60, max: 80 }), fc.constantFrom(-20, 0, 3, 10, 25)), v: fc.integer({ min: 1, max: 9 }) }), { minLength: 1, maxLength: 3 }) }) },
      { weight: 3, arbitrary: fc.record({ op: fc.constant('watermark' as const), by: fc.integer({ min: 1, max: 40 }) }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('clock' as const), by: fc.integer({ min: 1, max: 30 }) }) },
    ),
    { minLength: 1, maxLength: 50 },
  ),
});

export type SessionScenario = typeof sessionScenario extends fc.Arbitrary<infer S> ? S : never;

/** Encodes JSON-safe values as themselves: the scenarios' keys (strings) and lists of events. */
const asJson = <T,>(name: string): Coder<T> => ({ name, encode: (v) => v as Encoded, decode: (e) => e as T });

/**
 * Runs a scenario (with the watermark to +infinity at the end) under session windows of its gap, or under
 * `windowFn` of that gap. With `cutAt`, the reducer is snapshotted before that step (through JSON text),
 * and a new reducer restored from it runs the rest, as after a restart.
 */
export function runSessions(sc: SessionScenario, windowFn: (gap: number) => WindowFn = sessionWindows, plainPaths = false, cutAt = -1): unknown[] {
  const strategy: WindowingStrategy = {
    ...DEFAULT_STRATEGY,
    windowFn: windowFn(sc.gap),
    trigger: triggers[sc.trigger](),
    allowedLateness: sc.allowedLateness,
    accumulation: sc.accumulation,
    timestampCombiner: sc.timestampCombiner,
    onTimeBehavior: sc.onTimeBehavior,
    closingBehavior: sc.closingBehavior,
  };
  let wm = -50;
  const out: unknown[] = [];
  const start = (now: number) =>
    reducerHarness<Ev, string, Ev[], Ev[]>(strategy, (e) => e.key, Combine.toList<Ev>(), {
      explain: true,
      now,
      onPane: (p, firing) => out.push({ ...p, firing }),
      onDropped: (d) => out.push({ drop: d }),
      plainPaths,
    });
  let h = start(0);
  const coders = { key: asJson<string>('key'), acc: asJson<Ev[]>('events'), out: asJson<Ev[]>('events') };
  const steps = [...sc.steps, { op: 'watermark' as const, by: 1e9 }];
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i];
    if (i === cutAt) {
      const saved = JSON.parse(JSON.stringify(snapshotReducer(h.reducer, coders))) as ReducerSnapshot;
      h = start(h.now());
      restoreReducer(h.reducer, saved, coders);
    }
    const reducer = h.reducer;
    wm = runScenarioStep(h, s, wm);
    out.push({ input: reducer.inputWatermark, output: reducer.outputWatermark, metrics: { ...reducer.metrics }, next: reducer.nextProcessingTimer() });
  }
  return out;
}
