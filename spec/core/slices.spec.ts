/**
 * Slices (`src/core/slices.ts`): sliding windows' elements added once per key and slice of time, and
 * merged into the slice's windows before any of them is read. Against the plain path that adds every
 * element to every window: the same panes (values in full), drops, watermarks and metrics, for whole
 * numbers and for input where fractions stop the slicing; the same snapshots; and fewer adds.
 */
import fc from 'fast-check';
import type { Reducer } from '../../src/core/reducer';
import { restoreReducer, snapshotReducer } from '../../src/core/reducerSnapshot';
import { Combine, combineFields, fixedWindows, slidingWindows, type CombineFn, type Pane } from '../../src/index';
import { accumulatorCoderOf } from '../../src/state/accumulatorCoderOf';
import { PATH_STRATEGIES, pathSteps, pathTranscript, type PathStep } from '../helpers/fastPaths';
import { reducerHarness } from '../helpers/reducerHarness';

const countAndSum = () => combineFields({ count: Combine.count<PathStep>(), sum: Combine.sum((s: PathStep) => s.amount) }) as CombineFn<PathStep, unknown, unknown>;
const maxAndMean = () => combineFields({ max: Combine.max((s: PathStep) => s.amount), mean: Combine.mean((s: PathStep) => s.amount) }) as CombineFn<PathStep, unknown, unknown>;
/** Count and sum accumulators, keyed by string, for snapshots. */
const CODERS = { key: { name: 'k', encode: (k: string) => k, decode: (e: unknown) => e as string }, acc: accumulatorCoderOf(countAndSum(), 'slices spec') };
/** Restores into `to` (which has not run) a snapshot of `from`, taken through JSON as a store would keep it. */
const restart = (from: Reducer<PathStep, string, unknown, unknown>, to: Reducer<PathStep, string, unknown, unknown>) =>
  restoreReducer(to, JSON.parse(JSON.stringify(snapshotReducer(from, CODERS))), CODERS);
const whole = (steps: readonly PathStep[]) => steps.map((s) => ({ ...s, amount: Math.round(s.amount) }));
const SHAPES: readonly [number, number][] = [
  [20, 5],
  [30, 10],
  [12, 4],
  [10, 10],
];

describe('slices of sliding windows', () => {
  it('give the panes, drops, output watermarks and metrics of adding to every window, for whole numbers (count and sum, max and mean)', () => {
    fc.assert(
      fc.property(pathSteps(120), fc.constantFrom(...SHAPES), fc.constantFrom(...Object.keys(PATH_STRATEGIES)), fc.constantFrom(0, 10), fc.boolean(), (steps, [size, period], strategy, lateness, extremes) => {
        const input = whole(steps);
        const fn = extremes ? maxAndMean : countAndSum;
        const run = (plainPaths: boolean) => pathTranscript(input, slidingWindows(size, period), PATH_STRATEGIES[strategy], lateness, 30, plainPaths, fn());
        expect(run(false)).toEqual(run(true));
      }),
      { numRuns: 300 },
    );
  });

  it('give the same when fractions come (the first one ends the slicing) and for a CombineFn that cannot slice', () => {
    fc.assert(
      fc.property(pathSteps(120), fc.constantFrom(...SHAPES), fc.constantFrom('default', 'afterWatermark, discarding'), fc.boolean(), (input, [size, period], strategy, listed) => {
        const fn = listed ? (Combine.toList<PathStep>() as CombineFn<PathStep, unknown, unknown>) : input.length % 2 === 0 ? countAndSum() : maxAndMean();
        const run = (plainPaths: boolean) => pathTranscript(input, slidingWindows(size, period), PATH_STRATEGIES[strategy], 10, 30, plainPaths, fn);
        expect(run(false)).toEqual(run(true));
      }),
      { numRuns: 200 },
    );
  });

  it('give the same in bundles: elements of one step added together', () => {
    fc.assert(
      fc.property(pathSteps(120), fc.constantFrom(...SHAPES), fc.integer({ min: 1, max: 6 }), (steps, [size, period], n) => {
        const input = whole(steps);
        const run = (plainPaths: boolean) => {
          const h = reducerHarness<PathStep, string, unknown, unknown>({ windowFn: slidingWindows(size, period), allowedLateness: 10 }, (s) => s.key, countAndSum(), { plainPaths });
          let wm = Number.NEGATIVE_INFINITY;
          for (let i = 0; i < input.length; i += n) {
            const bundle = input.slice(i, i + n);
            h.reducer.processBundle(bundle.map((s) => ({ value: s, timestamp: s.t })));
            const last = bundle[bundle.length - 1];
            if (last.advance > 0) h.reducer.advanceWatermark((wm = Math.max(wm, last.t - 30) + last.advance));
          }
          h.reducer.advanceWatermark(Number.POSITIVE_INFINITY);
          return [h.panes.map((p) => [p.key, p.window.start, p.value, p.pane]), h.drops.length, h.reducer.metrics];
        };
        expect(run(false)).toEqual(run(true));
      }),
      { numRuns: 200 },
    );
  });

  it('are in every snapshot: a run restored at any step equals the uninterrupted one', () => {
    fc.assert(
      fc.property(pathSteps(100), fc.nat(), fc.constantFrom(...SHAPES), fc.boolean(), (steps, cut, [size, period], fractions) => {
        // With fractions, a restored run's windows may hold fractional sums its slices must not merge into.
        const input = fractions ? steps : whole(steps);
        const at = cut % (input.length + 1);
        expect(restartedRun(input, at, size, period)).toEqual(restartedRun(input, input.length + 1, size, period));
      }),
      { numRuns: 200 },
    );
  });

  it('add an element once to its key and slice, until a fraction comes: the panes written out, and the adds counted', () => {
    // Windows of 20 every 10: each time has two windows. Key "a": 12 and 13 open the key's slice of
    // [10, 20), 15 goes to it. The fraction at 16 puts the slice into [0, 20) and [10, 30) and ends the
    // slicing: from then on every window gets every element.
    const run = (plainPaths: boolean) => {
      const s = sliding(plainPaths);
      s.at(12, 1);
      s.at(13, 2);
      s.at(15, 3);
      s.at(16, 0.5);
      s.at(18, 4);
      s.h.reducer.advanceWatermark(19);
      const before = s.h.take();
      s.h.reducer.advanceWatermark(20);
      const first = s.h.take();
      s.at(21, 5);
      s.at(26, 6);
      s.h.reducer.advanceWatermark(Number.POSITIVE_INFINITY);
      return { before, first, last: s.h.take(), adds: s.adds(), elementsIn: s.h.reducer.metrics.elementsIn };
    };
    const sliced = run(false);
    expect(sliced.before).toEqual([]);
    expect(sliced.first).toEqual([pane(0, 5, 10.5)]);
    expect(sliced.last).toEqual([pane(10, 7, 21.5), pane(20, 2, 11)]);
    // 15 goes to the slice once; every other element to both its windows.
    expect(sliced.adds).toBe(13);
    expect(sliced.elementsIn).toBe(14);
    const plain = run(true);
    expect(plain.adds).toBe(14);
    expect({ ...plain, adds: 13 }).toEqual(sliced);
  });

  it('go into the windows before a snapshot reads them', () => {
    const a = sliding(false);
    a.at(12, 1);
    a.at(13, 2);
    a.at(15, 3);
    expect(a.adds()).toBe(5);
    const b = sliding(false);
    restart(a.h.reducer, b.h.reducer);
    b.h.reducer.advanceWatermark(Number.POSITIVE_INFINITY);
    expect(b.h.take()).toEqual([pane(0, 3, 6), pane(10, 3, 6)]);
  });

  it('do not open on a window whose accumulator is inexact (a restored fractional sum)', () => {
    // A fraction ended the slicing of the first run; its restored windows hold 0.1 and 1.1. Added one by
    // one, 2^40 and then -2^40 lose bits of the fraction; merged as a slice first, they would not.
    const big = 2 ** 40;
    const run = (plainPaths: boolean) => {
      const a = sliding(plainPaths);
      a.at(12, 0.1);
      const b = sliding(plainPaths);
      restart(a.h.reducer, b.h.reducer);
      b.at(13, 1);
      b.at(14, big);
      b.at(15, -big);
      b.h.reducer.advanceWatermark(Number.POSITIVE_INFINITY);
      return b.h.take();
    };
    const oneByOne = ((0.1 + 1 + big) - big);
    expect(oneByOne).not.toBe(1.1);
    expect(run(false)).toEqual([pane(0, 4, oneByOne), pane(10, 4, oneByOne)]);
    expect(run(false)).toEqual(run(true));
  });

  it('are offered by sliding windows whose whole-number period divides their size, and by no others', () => {
    expect(slidingWindows(60_000, 10_000).slices).toEqual({ period: 10_000, offset: 0, windows: 6 });
    expect(slidingWindows(30, 10, 4).slices).toEqual({ period: 10, offset: 4, windows: 3 });
    expect(slidingWindows(60_000, 25_000).slices).toBeUndefined();
    expect(slidingWindows(1.5, 0.5).slices).toBeUndefined();
    expect(fixedWindows(10).slices).toBeUndefined();
  });
});

/** A run of sliding windows with count and sum, snapshotted after `cut` steps and restored into a new reducer. */
function restartedRun(input: readonly PathStep[], cut: number, size: number, period: number): unknown {
  const strategy = { windowFn: slidingWindows(size, period), allowedLateness: 10 };
  const make = () => reducerHarness<PathStep, string, unknown, unknown>(strategy, (s) => s.key, countAndSum());
  let h = make();
  const panes: unknown[] = [];
  let wm = Number.NEGATIVE_INFINITY;
  input.forEach((s, i) => {
    if (i === cut) {
      panes.push(...h.take());
      const before = h.reducer;
      h = make();
      restart(before, h.reducer);
    }
    h.reducer.processElement(s, s.t);
    if (s.advance > 0) {
      wm = Math.max(wm, s.t - 30) + s.advance;
      h.reducer.advanceWatermark(wm);
    }
  });
  h.reducer.advanceWatermark(Number.POSITIVE_INFINITY);
  panes.push(...h.take());
  return panes;
}

/** Key "a" under sliding windows of 20 every 10 with count and sum; `adds` counts the CombineFn's adds. */
function sliding(plainPaths: boolean) {
  const fn = countAndSum();
  const spy = jest.spyOn(fn, 'addInput');
  const h = reducerHarness<PathStep, string, unknown, unknown>({ windowFn: slidingWindows(20, 10) }, (s) => s.key, fn, { plainPaths });
  return {
    h,
    at: (t: number, amount: number) => h.reducer.processElement({ key: 'a', t, advance: 0, clock: 0, amount }, t),
    adds: () => spy.mock.calls.length,
  };
}

/** The only pane of key "a" in the window of 20 from `start`: on time and final. */
function pane(start: number, count: number, sum: number): Pane<unknown, string> {
  return {
    key: 'a',
    window: expect.objectContaining({ start, end: start + 20 }),
    value: { count, sum },
    pane: { isFirst: true, isLast: true, timing: 'ON_TIME', index: 0, onTimeIndex: 0 },
    timestamp: start + 19,
  };
}
