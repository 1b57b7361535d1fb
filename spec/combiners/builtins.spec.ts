import fc from 'fast-check';
import { Combine, combineFields, sum, toList, type CombineFn } from '../../src/index';

/** Folds values into a fresh accumulator. */
function fold<In, Acc>(fn: CombineFn<In, Acc, unknown>, values: readonly In[]): Acc {
  let acc = fn.createAccumulator();
  for (const v of values) acc = fn.addInput(acc, v);
  return acc;
}

/** Splits values into consecutive parts at the given cut points. */
function split<T>(values: readonly T[], cuts: readonly number[]): T[][] {
  const points = [...new Set(cuts.map((c) => c % (values.length + 1)))].sort((a, b) => a - b);
  const parts: T[][] = [];
  let from = 0;
  for (const p of points) {
    parts.push(values.slice(from, p));
    from = p;
  }
  parts.push(values.slice(from));
  return parts;
}

/**
 * The CombineFn laws the runner relies on: merging accumulators of any split of the input, in any
 * grouping and order, gives the output of folding everything in one accumulator.
 */
function checkMergeLaws<In, Acc, Out>(
  make: () => CombineFn<In, Acc, Out>,
  input: fc.Arbitrary<In>,
  normalise: (out: Out) => unknown = (o) => o,
): void {
  fc.assert(
    fc.property(fc.array(input, { maxLength: 20 }), fc.array(fc.nat(), { maxLength: 4 }), fc.nat(), (values, cuts, seed) => {
      const fn = make();
      const whole = fn.extractOutput(fold(fn, values));
      const parts = split(values, cuts).map((p) => fold(fn, p));
      // Associativity: merging all at once equals merging left to right in pairs.
      const flat = fn.extractOutput(fn.mergeAccumulators(split(values, cuts).map((p) => fold(fn, p))));
      const pairwise = parts.reduce((a, b) => fn.mergeAccumulators([a, b]), fn.createAccumulator());
      expect(flat).toEqual(whole);
      expect(fn.extractOutput(pairwise)).toEqual(whole);
      // Commutativity (as a multiset for order-keeping accumulators): any rotation of the parts.
      const rot = seed % Math.max(1, parts.length);
      const rotated = [...parts.slice(rot), ...parts.slice(0, rot)].map((p) => structuredClone(p));
      expect(normalise(fn.extractOutput(fn.mergeAccumulators(rotated)))).toEqual(normalise(whole));
    }),
    { numRuns: 100 },
  );
}

describe('the merge-law check itself', () => {
  it('rejects a CombineFn whose merge is not commutative (keeps the last value)', () => {
    const last: CombineFn<number, number[], number | undefined> = {
      createAccumulator: () => [],
      addInput: (a, v) => [v],
      mergeAccumulators: (as) => as.reduce((x, y) => (y.length > 0 ? y : x), []),
      extractOutput: (a) => a[0],
    };
    expect(() => checkMergeLaws(() => last, fc.integer())).toThrow();
  });
});

describe('Combine.count', () => {
  it('counts values', () => {
    const fn = Combine.count<string>();
    expect(fn.createAccumulator()).toBe(0);
    expect(fn.extractOutput(fold(fn, ['a', 'b', 'c']))).toBe(3);
    expect(fn.mergeAccumulators([2, 0, 5])).toBe(7);
    expect(fn.mergeAccumulators([])).toBe(0);
  });

  it('merge is associative and commutative', () => checkMergeLaws(() => Combine.count<number>(), fc.integer()));
});

describe('Combine.sum / sum', () => {
  it('sums numbers, or the numbers a selector picks', () => {
    expect(Combine.sum).toBe(sum);
    expect(sum().extractOutput(fold(sum(), [1, 2, 3.5, -4]))).toBe(2.5);
    const amount = sum((e: { amount: number }) => e.amount);
    expect(amount.extractOutput(fold(amount, [{ amount: 20 }, { amount: -5 }]))).toBe(15);
    expect(amount.mergeAccumulators([1, 2, 3])).toBe(6);
  });

  it('merge is associative and commutative (integers, so no rounding)', () => checkMergeLaws(() => sum(), fc.integer({ min: -1e6, max: 1e6 })));

  it.each([
    [Number.NaN, 'sum: each value must be a finite number, got NaN'],
    [Number.POSITIVE_INFINITY, 'sum: each value must be a finite number, got Infinity'],
    [Number.NEGATIVE_INFINITY, 'sum: each value must be a finite number, got -Infinity'],
    ['5', 'sum: each value must be a finite number, got "5"'],
    [undefined, 'sum: each value must be a finite number, got undefined'],
    [null, 'sum: each value must be a finite number, got null'],
  ])('rejects the selected value %p with a clear message', (bad, message) => {
    const fn = sum((e: { amount: unknown }) => e.amount as number);
    expect(() => fn.addInput(0, { amount: bad })).toThrow(new TypeError(message));
  });

  it('rejects a selector that is not a function', () => {
    expect(() => sum(5 as unknown as (v: number) => number)).toThrow(new TypeError('sum: select must be a function, got 5'));
  });
});

describe('Combine.toList', () => {
  it('collects values in arrival order; merge concatenates in the given order', () => {
    const fn = toList<string>();
    expect(fn.extractOutput(fold(fn, ['a', 'b']))).toEqual(['a', 'b']);
    expect(fn.mergeAccumulators([['a'], [], ['b', 'c']])).toEqual(['a', 'b', 'c']);
  });

  it('merge is associative and commutative as a multiset', () =>
    checkMergeLaws(
      () => toList<number>(),
      fc.integer(),
      (out) => [...out].sort((a, b) => a - b),
    ));

  it('extractOutput returns a copy: changing it does not change the accumulator, which can keep growing', () => {
    const fn = toList<number>();
    const acc = fold(fn, [1, 2]);
    const out = fn.extractOutput(acc);
    out.push(99);
    expect(acc).toEqual([1, 2]);
    fn.addInput(acc, 3);
    expect(out).toEqual([1, 2, 99]);
    expect(fn.extractOutput(acc)).toEqual([1, 2, 3]);
  });
});

describe('combineFields', () => {
  const spend = () => combineFields({ count: Combine.count<{ amount: number }>(), sum_amount: sum((e: { amount: number }) => e.amount) });

  it('runs each field over the same values in one pass', () => {
    const fn = spend();
    expect(fn.createAccumulator()).toEqual([0, 0]);
    const acc = fold(fn, [{ amount: 20 }, { amount: 15 }]);
    expect(fn.extractOutput(acc)).toEqual({ count: 2, sum_amount: 35 });
    expect(fn.extractOutput(fn.mergeAccumulators([acc, fold(fn, [{ amount: -5 }])]))).toEqual({ count: 3, sum_amount: 30 });
  });

  it('merge is associative and commutative', () =>
    checkMergeLaws(spend, fc.record({ amount: fc.integer({ min: -1000, max: 1000 }) })));

  it('extractOutput does not change the accumulator, also with a list field', () => {
    const fn = combineFields({ n: Combine.count<number>(), all: toList<number>() });
    const acc = fold(fn, [4, 5]);
    const snapshot = structuredClone(acc);
    const out = fn.extractOutput(acc);
    out.all.push(6);
    expect(acc).toEqual(snapshot);
    expect(fn.extractOutput(fn.addInput(acc, 7))).toEqual({ n: 3, all: [4, 5, 7] });
  });

  it('a failing field fails the whole fold with that field’s message', () => {
    const fn = spend();
    expect(() => fn.addInput(fn.createAccumulator(), { amount: Number.NaN })).toThrow(new TypeError('sum: each value must be a finite number, got NaN'));
  });

  it('compact compacts the fields that can and leaves the others', () => {
    const compacting: CombineFn<number, number[], number> = {
      createAccumulator: () => [],
      addInput: (a, v) => [...a, v],
      mergeAccumulators: (as) => as.flat(),
      extractOutput: (a) => a.reduce((x, y) => x + y, 0),
      compact: (a) => [a.reduce((x, y) => x + y, 0)],
    };
    const fn = combineFields({ total: compacting, n: Combine.count<number>() });
    const acc = fold(fn, [1, 2, 3]);
    expect(fn.compact!(acc)).toEqual([[6], 3]);
  });

  it('rejects bad fields at build time', () => {
    expect(() => combineFields({})).toThrow(new RangeError('combineFields: needs at least one field, got none'));
    expect(() => combineFields(null as unknown as Record<string, never>)).toThrow(
      new TypeError('combineFields: fields must be an object of CombineFns, got null'),
    );
    expect(() => combineFields({ a: 5 as unknown as CombineFn<number, number, number> })).toThrow(
      new TypeError('combineFields (field "a"): combineFn must be a CombineFn with a createAccumulator() method, got 5'),
    );
    expect(() => combineFields({ a: { createAccumulator: () => 0 } as unknown as CombineFn<number, number, number> })).toThrow(
      new TypeError('combineFields (field "a"): combineFn must be a CombineFn with a addInput() method, got an object (Object)'),
    );
  });
});
