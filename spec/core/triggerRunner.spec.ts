/**
 * The fast paths of the trigger runner, each against its plain path (`plainPaths`): the armed wait
 * (`TriggerRunner.onElement`, see `armedWait`), where a window whose processing-time trigger is armed
 * and not due skips the trigger per element; the timer queue's in-order run (`TimerQueue`); and the
 * wake-up reported only when a timer before the last one reported was filed (`TriggerRunner.timersFiled`);
 * and a firing without trigger state under the default trigger or `afterWatermark()` alone
 * (`TriggerRunner.stateless`), which explaining the firings (`explain`) takes away, so half the
 * scenarios run without it.
 * Each random scenario runs once with the fast paths and once on the plain paths; the output must be
 * the same: every pane with its firing, every drop, and the watermarks, metrics, wake-up last reported
 * and next timer after every step. Session windows take the plain element path and report every timer
 * (merging), and put timers out of order into the timer queue (a merge files the earliest target of
 * the windows it merges).
 */
import fc from 'fast-check';
import {
  afterCount,
  afterFirst,
  afterProcessingTime,
  afterSynchronizedProcessingTime,
  afterWatermarkTrigger,
  Combine,
  DEFAULT_STRATEGY,
  defaultTrigger,
  fixedWindows,
  repeatedly,
  sessionWindows,
  slidingWindows,
  type TriggerSpec,
  type WindowingStrategy,
} from '../../src/index';
import { TriggerRunner } from '../../src/core/triggerRunner';
import { WindowStore } from '../../src/core/windowStore';
import { armedWait } from '../../src/triggers/armedWait';
import { compileTrigger } from '../../src/triggers/stateMachine';
import { reducerHarness, runScenarioStep } from '../helpers/reducerHarness';

interface Ev {
  readonly key: string;
  readonly t: number;
  readonly v: number;
}

const triggers: Record<string, () => TriggerSpec> = {
  early: () => afterWatermarkTrigger({ early: afterProcessingTime(10) }),
  earlyLate: () => afterWatermarkTrigger({ early: afterProcessingTime(10), late: afterCount(1) }),
  earlyLateClock: () => afterWatermarkTrigger({ early: afterProcessingTime(7), late: afterProcessingTime(5) }),
  earlyRepeated: () => afterWatermarkTrigger({ early: repeatedly(afterProcessingTime(10)) }),
  earlyAligned: () => afterWatermarkTrigger({ early: afterProcessingTime(3, { alignTo: { period: 8, offset: 1 } }), late: afterCount(2) }),
  once: () => afterProcessingTime(10),
  repeated: () => repeatedly(afterProcessingTime(10)),
  synchronized: () => repeatedly(afterSynchronizedProcessingTime()),
  // No armed wait: the fast path must leave these alone.
  default: () => defaultTrigger(),
  watermark: () => afterWatermarkTrigger(),
  earlyCount: () => afterWatermarkTrigger({ early: afterCount(2) }),
  firstOf: () => repeatedly(afterFirst(afterCount(3), afterProcessingTime(20))),
};

const scenario = fc.record({
  trigger: fc.constantFrom(...Object.keys(triggers)),
  windows: fc.constantFrom('fixed' as const, 'sliding' as const, 'sessions' as const),
  allowedLateness: fc.constantFrom(0, 10, 50),
  accumulation: fc.constantFrom('discarding' as const, 'accumulating' as const),
  explain: fc.boolean(),
  steps: fc.array(
    fc.oneof(
      { weight: 6, arbitrary: fc.record({ op: fc.constant('elements' as const), els: fc.array(fc.record({ key: fc.constantFrom('a', 'b'), t: fc.integer({ min: -30, max: 60 }), v: fc.integer({ min: 1, max: 9 }) }), { minLength: 1, maxLength: 3 }) }) },
      { weight: 2, arbitrary: fc.record({ op: fc.constant('watermark' as const), by: fc.integer({ min: 1, max: 30 }) }) },
      // The clock runs the timers due; or it moves without them, so that elements meet a due trigger.
      { weight: 2, arbitrary: fc.record({ op: fc.constant('clock' as const), by: fc.integer({ min: 1, max: 15 }) }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('clockOnly' as const), by: fc.integer({ min: 1, max: 15 }) }) },
    ),
    { minLength: 1, maxLength: 40 },
  ),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer S> ? S : never;

function run(sc: Scenario, plainPaths: boolean): unknown[] {
  const strategy: WindowingStrategy = {
    ...DEFAULT_STRATEGY,
    windowFn: sc.windows === 'fixed' ? fixedWindows(30) : sc.windows === 'sliding' ? slidingWindows(40, 20) : sessionWindows(8),
    trigger: triggers[sc.trigger](),
    allowedLateness: sc.allowedLateness,
    accumulation: sc.accumulation,
  };
  const out: unknown[] = [];
  let wakeUp = Number.POSITIVE_INFINITY;
  const h = reducerHarness<Ev, string, Ev[], Ev[]>(strategy, (e) => e.key, Combine.toList<Ev>(), {
    explain: sc.explain,
    onPane: (p, firing) => out.push({ ...p, firing }),
    onDropped: (d) => out.push({ drop: d }),
    plainPaths,
    onWakeUp: (at) => (wakeUp = at),
  });
  const reducer = h.reducer;
  let wm = -50;
  for (const s of [...sc.steps, { op: 'watermark' as const, by: 1e9 }]) {
    wm = runScenarioStep(h, s, wm);
    out.push({ input: reducer.inputWatermark, output: reducer.outputWatermark, metrics: { ...reducer.metrics }, wakeUp, next: reducer.nextProcessingTimer() });
  }
  return out;
}

describe('TriggerRunner: the fast paths', () => {
  it('give the same output and wake-ups as the plain paths', () => {
    fc.assert(
      fc.property(scenario, (sc) => {
        expect(run(sc, false)).toEqual(run(sc, true));
      }),
      { numRuns: 400 },
    );
  });

  it('reports the wake-up again when a merge took away the state of the one reported', () => {
    // The first window's early timer (at 7) goes stale when it fires on time; a late element at 6 ms
    // merges it into a new window and arms that one's late timer at 11, after 7: 11 must be reported.
    const sc: Scenario = {
      trigger: 'earlyLateClock',
      windows: 'sessions',
      explain: true,
      allowedLateness: 50,
      accumulation: 'discarding',
      steps: [
        { op: 'elements', els: [{ key: 'a', t: 55, v: 1 }] },
        { op: 'watermark', by: 70 },
        { op: 'clockOnly', by: 6 },
        { op: 'elements', els: [{ key: 'a', t: -10, v: 2 }] },
      ],
    };
    const fast = run(sc, false);
    expect(fast).toEqual(run(sc, true));
    // The record after the late element's step (the fourth step).
    const steps = fast.filter((r) => typeof r === 'object' && r !== null && 'input' in r);
    expect(steps[3]).toMatchObject({ wakeUp: 11, next: 11 });
  });

  it('applies to processing-time roots and early firings, and not to merging windows or element-counting triggers', () => {
    const wait = (t: TriggerSpec, merging = false) => armedWait(compileTrigger(t), merging);
    // Pre-order numbering: the watermark node 0, its early node 1 (and under `repeatedly`, 2).
    expect(wait(afterWatermarkTrigger({ early: afterProcessingTime(10), late: afterCount(1) }))).toBe(1);
    expect(wait(afterWatermarkTrigger({ early: repeatedly(afterProcessingTime(10)) }))).toBe(2);
    expect(wait(repeatedly(afterProcessingTime(10)))).toBe(1);
    expect(wait(afterProcessingTime(10))).toBe(0);
    expect(wait(afterWatermarkTrigger({ early: afterProcessingTime(10) }), true)).toBe(-1);
    expect(wait(afterWatermarkTrigger({ early: afterCount(2) }))).toBe(-1);
    expect(wait(afterWatermarkTrigger({ late: afterProcessingTime(10) }))).toBe(-1);
    expect(wait(afterWatermarkTrigger())).toBe(-1);
    expect(wait(repeatedly(afterFirst(afterCount(3), afterProcessingTime(20))))).toBe(-1);
  });
});

describe('TriggerRunner.dueAt', () => {
  it('takes out a state with several due timers once, live states only, earliest first; again at its next timer', () => {
    const store = new WindowStore<string, number>(0, 'none', { elementsIn: 0, droppedLate: 0, droppedClosed: 0, droppedNoWindow: 0, badRecords: 0, panesOut: 0, openWindows: 0 }, false);
    const runner = new TriggerRunner<string, number>(compileTrigger(afterProcessingTime(10)), () => 0, false, false, store);
    const w = fixedWindows(100).assign(5)[0];
    const [a, b, gone] = ['a', 'b', 'c'].map((k) => store.get(k, k, w, 0));
    store.release(gone);
    for (const [at, kw] of [[3, b], [5, a], [7, b], [8, gone], [9, a], [20, a]] as const) runner.processingTimers.push(at, kw);
    expect(runner.dueAt(10)).toEqual([b, a]);
    expect(runner.dueAt(10)).toEqual([]);
    expect(runner.dueAt(21)).toEqual([a]);
  });
});
