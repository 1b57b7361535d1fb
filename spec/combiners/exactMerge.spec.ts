/**
 * The exact merges of built-in CombineFns (`src/combiners/exactMerge.ts`): which CombineFns have one,
 * which inputs they accept, and that merging accumulators of accepted inputs gives what adding them one
 * by one gives, for any split of the inputs.
 */
import fc from 'fast-check';
import { exactMergeOf } from '../../src/combiners/exactMerge';
import { Combine, combineFields, type CombineFn } from '../../src/index';

type Ev = { readonly n: number };
const ev = (n: number): Ev => ({ n });

const fold = <Acc>(fn: CombineFn<Ev, Acc, unknown>, xs: readonly number[]): Acc => xs.reduce((acc, n) => fn.addInput(acc, ev(n)), fn.createAccumulator());

describe('exact merges', () => {
  const withOne: Record<string, () => CombineFn<Ev, unknown, unknown>> = {
    count: () => Combine.count<Ev>(),
    sum: () => Combine.sum((e: Ev) => e.n),
    'combineFields of one': () => combineFields({ sum: Combine.sum((e: Ev) => e.n) }),
    'combineFields of two': () => combineFields({ count: Combine.count<Ev>(), sum: Combine.sum((e: Ev) => e.n) }),
    max: () => Combine.max((e: Ev) => e.n),
    min: () => Combine.min((e: Ev) => e.n),
    mean: () => Combine.mean((e: Ev) => e.n),
    'combineFields of four': () =>
      combineFields({ a: Combine.count<Ev>(), b: Combine.sum((e: Ev) => e.n), c: Combine.sum((e: Ev) => 2 * e.n), d: Combine.count<Ev>() }),
  };

  for (const [name, make] of Object.entries(withOne)) {
    it(`${name}: merging the accumulators of any split of whole numbers gives adding them one by one`, () => {
      fc.assert(
        fc.property(fc.array(fc.integer({ min: -1e9, max: 1e9 }), { maxLength: 30 }), fc.nat(), (xs, at) => {
          const fn = make();
          const merge = exactMergeOf(fn)!;
          expect(xs.every((n) => merge.accepts(ev(n)))).toBe(true);
          const cut = at % (xs.length + 1);
          const target = fold(fn, xs.slice(0, cut));
          const source = fold(fn, xs.slice(cut));
          expect(merge.exact(target) && merge.exact(source)).toBe(true);
          expect(fn.extractOutput(merge.mergeInto(target, source))).toEqual(fn.extractOutput(fold(fn, xs)));
        }),
      );
    });
  }

  it('a sum accepts whole numbers within the safe range only; a count accepts anything', () => {
    const sum = exactMergeOf(Combine.sum((e: Ev) => e.n))!;
    expect([0, 5, -3, Number.MAX_SAFE_INTEGER].map((n) => sum.accepts(ev(n)))).toEqual([true, true, true, true]);
    expect([0.5, 0.1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53].map((n) => sum.accepts(ev(n)))).toEqual([false, false, false, false, false]);
    expect(sum.exact(0.30000000000000004)).toBe(false);
    expect(exactMergeOf(Combine.count<unknown>())!.accepts('anything')).toBe(true);
    const fields = exactMergeOf(combineFields({ count: Combine.count<Ev>(), sum: Combine.sum((e: Ev) => e.n) }))!;
    expect(fields.accepts(ev(2))).toBe(true);
    expect(fields.accepts(ev(2.5))).toBe(false);
  });

  it('an extremum accepts numbers but -0 and NaN, and a mean whole numbers', () => {
    const max = exactMergeOf(Combine.max((e: Ev) => e.n))!;
    expect([0, -7, 2.5, Number.POSITIVE_INFINITY].map((n) => max.accepts(ev(n)))).toEqual([true, true, true, true]);
    expect([-0, Number.NaN].map((n) => max.accepts(ev(n)))).toEqual([false, false]);
    expect(max.exact({ has: false, value: undefined })).toBe(true);
    expect(max.exact({ has: true, value: -0 })).toBe(false);
    const mean = exactMergeOf(Combine.mean((e: Ev) => e.n))!;
    expect([3, -3].map((n) => mean.accepts(ev(n)))).toEqual([true, true]);
    expect(mean.accepts(ev(0.5))).toBe(false);
  });

  it('is missing where merging could differ from adding one by one, and from user CombineFns', () => {
    expect(exactMergeOf(Combine.toList<Ev>())).toBeUndefined();
    // Values the compare ranks alike may differ: which one is kept would depend on the order.
    expect(exactMergeOf(Combine.max((e: Ev) => e.n, (a, b) => Math.abs(a) - Math.abs(b)))).toBeUndefined();
    // Equal Dates are distinct objects: an extremum of Dates refuses them one by one.
    expect(exactMergeOf(Combine.max((e: Ev) => new Date(e.n)))!.accepts(ev(5))).toBe(false);
    expect(exactMergeOf(combineFields({ count: Combine.count<Ev>(), all: Combine.toList<Ev>() }))).toBeUndefined();
    const mine: CombineFn<Ev, number, number> = {
      createAccumulator: () => 0,
      addInput: (a, e) => a + e.n,
      mergeAccumulators: (as) => as.reduce((a, b) => a + b, 0),
      extractOutput: (a) => a,
    };
    expect(exactMergeOf(mine)).toBeUndefined();
  });
});
