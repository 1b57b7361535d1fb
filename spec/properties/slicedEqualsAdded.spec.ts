/**
 * Sliding windows through the operators, end to end: a grouping whose CombineFns merge exactly (sliced,
 * `src/core/slices.ts`) gives the panes, in order, of the same grouping over a user CombineFn that
 * computes the same thing and is added to every window. Out-of-order input with late elements, a
 * watermark per element, allowed lateness, both accumulation modes, whole numbers with now and then a
 * fraction (which ends the slicing).
 */
import fc from 'fast-check';
import { from, lastValueFrom, toArray } from 'rxjs';
import { afterWatermark, assignEventTime, Combine, combineFields, combinePerKey, slidingWindow, type CombineFn, type Pane } from '../../src/index';

interface Ev {
  readonly key: string;
  readonly t: number;
  readonly n: number;
}

interface Stats {
  count: number;
  sum: number;
  max: number | undefined;
}

/** Count, sum and maximum written by hand: no exact merge, so every window gets every element. */
const byHand: CombineFn<Ev, Stats, Stats> = {
  createAccumulator: () => ({ count: 0, sum: 0, max: undefined }),
  addInput: (a, e) => ({ count: a.count + 1, sum: a.sum + e.n, max: a.max === undefined || e.n > a.max ? e.n : a.max }),
  mergeAccumulators: (as) => as.reduce((a, b) => ({ count: a.count + b.count, sum: a.sum + b.sum, max: b.max === undefined || (a.max !== undefined && a.max >= b.max) ? a.max : b.max })),
  extractOutput: (a) => ({ ...a }),
};
const builtIn = combineFields({ count: Combine.count<Ev>(), sum: Combine.sum((e: Ev) => e.n), max: Combine.max((e: Ev) => e.n) });

/** Times that mostly rise (about one every 2 ms), each up to 30 ms early, now and then far earlier (late). */
const events = fc
  .array(
    fc.record({
      key: fc.constantFrom('a', 'b', 'c'),
      early: fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 0, max: 30 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 150 }) }),
      n: fc.oneof({ weight: 39, arbitrary: fc.integer({ min: -100, max: 100 }) }, { weight: 1, arbitrary: fc.constantFrom(0.1, 0.7, 2.5) }),
    }),
    { maxLength: 300 },
  )
  .map((xs) => xs.map(({ key, early, n }, i): Ev => ({ key, t: Math.max(0, 2 * i - early), n })));

describe('sliced sliding windows, end to end', () => {
  it('give the panes of a CombineFn added to every window', async () => {
    await fc.assert(
      fc.asyncProperty(
        events,
        fc.constantFrom([30, 10], [40, 10], [20, 5]),
        fc.constantFrom(0, 15),
        fc.constantFrom('accumulating' as const, 'discarding' as const),
        fc.constantFrom(10, 40),
        async (input, [size, period], allowedLateness, accumulation, outOfOrderness) => {
          const run = (fn: CombineFn<Ev, unknown, unknown>) =>
            lastValueFrom(
              from(input).pipe(
                assignEventTime((e: Ev) => e.t, { watermark: outOfOrderness, emitWatermark: 'perElement' }),
                slidingWindow<Ev>(size, period),
                afterWatermark<Ev>({ allowedLateness, accumulation }),
                combinePerKey((e: Ev) => e.key, fn),
                toArray(),
              ),
            );
          const show = (p: Pane<unknown, string>) => [p.key, p.window.start, p.value, p.pane, p.timestamp];
          const sliced = (await run(builtIn as CombineFn<Ev, unknown, unknown>)).map(show);
          const added = (await run(byHand as CombineFn<Ev, unknown, unknown>)).map(show);
          expect(sliced).toEqual(added);
        },
      ),
      { numRuns: 400 },
    );
  });
});
