import fc from 'fast-check';
import { approxQuantiles, Combine, type CombineFn, type QuantilesAccumulator } from '../../src/index';
import { batchPane, checkExtractDoesNotMutate, checkMergeLaws, fold, partition, perKeyPerMinute, seeded, type Row } from './combinerLaws';

const byNumber = (a: number, b: number) => a - b;

/** The exact answer: min, the values at sorted positions ⌊i (n − 1) / (q − 1)⌋, max. */
function exactQuantiles(values: readonly number[], q: number): number[] {
  if (values.length === 0) return [];
  const sorted = [...values].sort(byNumber);
  return Array.from({ length: q }, (_, i) => sorted[Math.floor((i * (sorted.length - 1)) / (q - 1))]);
}

/** First index in sorted whose value is >= v (or > v when strict). */
function bound(sorted: readonly number[], v: number, strict: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (strict ? sorted[mid] <= v : sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * How far each output is from its target position: 0 when the value occupies the target position in
 * the sorted input, else the distance to the nearest position it occupies.
 */
function rankErrors(values: readonly number[], out: readonly number[]): number[] {
  const sorted = [...values].sort(byNumber);
  const n = sorted.length;
  const q = out.length;
  return out.map((v, i) => {
    const target = Math.floor((i * (n - 1)) / (q - 1));
    const first = bound(sorted, v, false);
    const last = bound(sorted, v, true) - 1;
    if (last < first) return Number.POSITIVE_INFINITY; // not an input value at all
    return target < first ? first - target : target > last ? target - last : 0;
  });
}

/** The documented worst case of the error bound: n / k × (⌊log2(n / k)⌋ + 1). */
function worstCase(n: number, capacity: number): number {
  const perLevel = n / capacity;
  return perLevel * (Math.floor(Math.log2(Math.max(perLevel, 1))) + 1);
}

function retained<T>(acc: QuantilesAccumulator<T>): number {
  return acc.levels.reduce((s, l) => s + l.length, 0);
}

describe('Combine.approxQuantiles', () => {
  it('is exact for small inputs: 0..100 in 5 quantiles is [0, 25, 50, 75, 100]', () => {
    const fn = approxQuantiles(5);
    const next = seeded(3);
    const shuffled = Array.from({ length: 101 }, (_, i) => i).sort(() => next() - 0.5);
    expect(fn.extractOutput(fold(fn, shuffled))).toEqual([0, 25, 50, 75, 100]);
    expect(approxQuantiles(2).extractOutput(fold(approxQuantiles(2), [4, -1, 9]))).toEqual([-1, 9]);
    const three = approxQuantiles(3);
    expect(three.extractOutput(fold(three, [40, 10, 30, 20]))).toEqual([10, 20, 40]); // lower median of an even count
    expect(three.extractOutput(fold(three, [7]))).toEqual([7, 7, 7]);
    expect(three.extractOutput(fold(three, [2, 2, 2, 1]))).toEqual([1, 2, 2]);
    expect(three.extractOutput(three.createAccumulator())).toEqual([]);
    expect(Combine.approxQuantiles).toBe(approxQuantiles);
  });

  it('equals the exact quantiles whenever the input is smaller than the capacity', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 12 }), fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 200 }), (q, values) => {
        const fn = approxQuantiles(q, { capacity: 256 });
        expect(fn.extractOutput(fold(fn, values.slice(0, 255)))).toEqual(exactQuantiles(values.slice(0, 255), q));
      }),
    );
  });

  it('orders strings naturally and anything by compare', () => {
    const words = approxQuantiles<string>(3);
    expect(words.extractOutput(fold(words, ['pear', 'fig', 'apple', 'kiwi', 'date']))).toEqual(['apple', 'fig', 'pear']);
    type Call = { route: string; ms: number };
    const latency = approxQuantiles<Call>(3, { compare: (a, b) => a.ms - b.ms });
    const calls = [30, 10, 50, 20, 40].map((ms) => ({ route: '/a', ms }));
    expect(latency.extractOutput(fold(latency, calls)).map((c) => c.ms)).toEqual([10, 30, 50]);
  });

  it('rejects a bad numQuantiles, capacity or compare, and values the natural order cannot rank', () => {
    expect(() => approxQuantiles(1)).toThrow(new RangeError('approxQuantiles: numQuantiles must be an integer of at least 2 (the minimum and the maximum), got 1'));
    expect(() => approxQuantiles(2.5)).toThrow(RangeError);
    expect(() => approxQuantiles(3, { capacity: 7 })).toThrow(new RangeError('approxQuantiles: capacity must be an even integer of at least 8, got 7'));
    expect(() => approxQuantiles(3, { capacity: 4 })).toThrow(RangeError);
    expect(() => approxQuantiles(3, { compare: 'asc' as unknown as (a: number, b: number) => number })).toThrow(
      new TypeError('approxQuantiles: compare must be a function, got "asc"'),
    );
    const fn = approxQuantiles(3);
    expect(() => fn.addInput(fn.createAccumulator(), Number.NaN)).toThrow(TypeError);
  });

  describe('on 200k seeded values with capacity 128', () => {
    const n = 200_000;
    const next = seeded(99);
    const uniform = Array.from({ length: n }, () => next());
    const ascending = Array.from({ length: n }, (_, i) => i);
    const descending = Array.from({ length: n }, (_, i) => n - i);
    const fewDistinct = Array.from({ length: n }, () => Math.floor(next() * 50));
    const cases: [string, number[]][] = [
      ['uniform', uniform],
      ['ascending', ascending],
      ['descending', descending],
      ['50 distinct values', fewDistinct],
    ];

    it.each(cases)('%s: every output is within the tracked bound of its target, min and max exact, memory small', (_, values) => {
      const capacity = 128;
      const fn = approxQuantiles<number>(11, { capacity });
      const acc = fold(fn, values);
      const out = fn.extractOutput(acc);
      const errors = rankErrors(values, out);
      for (const e of errors) expect(e).toBeLessThanOrEqual(acc.errorBound);
      expect(acc.errorBound).toBeLessThanOrEqual(worstCase(n, capacity));
      expect(acc.errorBound / n).toBeLessThan(0.12);
      expect(errors[0]).toBe(0);
      expect(errors[10]).toBe(0);
      expect(retained(acc)).toBeLessThanOrEqual(capacity * acc.levels.length);
      expect(acc.levels.length).toBeLessThanOrEqual(Math.floor(Math.log2(n / capacity)) + 2);
      expect(acc.count).toBe(n);
    });

    it('merging random partitions keeps the guarantee', () => {
      const capacity = 128;
      const fn: CombineFn<number, QuantilesAccumulator<number>, number[]> = approxQuantiles(11, { capacity });
      const cutAt = seeded(5);
      const cuts = Array.from({ length: 40 }, () => Math.floor(cutAt() * n));
      const parts = partition(uniform, cuts).map((p) => fold(fn, p));
      const merged = fn.mergeAccumulators([fn.mergeAccumulators(parts.slice(0, 20)), fn.mergeAccumulators(parts.slice(20))]);
      for (const e of rankErrors(uniform, fn.extractOutput(merged))) expect(e).toBeLessThanOrEqual(merged.errorBound);
      expect(merged.errorBound).toBeLessThanOrEqual(worstCase(n, capacity));
      expect(merged.count).toBe(n);
    });

    it('the default capacity 512 keeps the bound under 2% of n here (1.76% worst case), and the measured error far below it', () => {
      const fn = approxQuantiles<number>(101);
      const acc = fold(fn, uniform);
      const worst = Math.max(...rankErrors(uniform, fn.extractOutput(acc)));
      expect(acc.errorBound).toBeLessThanOrEqual(worstCase(n, 512));
      expect(acc.errorBound / n).toBeLessThan(0.02);
      expect(worst).toBeLessThanOrEqual(acc.errorBound);
      expect(worst / n).toBeLessThan(0.005);
    });
  });

  it('any partition, merged in any order or as a tree, gives the same quantiles while the input fits the capacity', () => {
    checkMergeLaws(() => approxQuantiles<number>(5), fc.array(fc.integer({ min: -100, max: 100 }), { maxLength: 60 }));
  });

  it('extractOutput does not change the accumulator, also after compactions', () => {
    checkExtractDoesNotMutate(() => approxQuantiles<number>(4, { capacity: 8 }), fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 60 }));
  });

  it('per key and minute through combinePerKey', () => {
    const rows: Row<number>[] = [
      { k: '/a', t: 1_000, v: 30 },
      { k: '/a', t: 2_000, v: 10 },
      { k: '/a', t: 3_000, v: 20 },
      { k: '/b', t: 4_000, v: 5 },
      { k: '/a', t: 60_000, v: 99 },
    ];
    expect(perKeyPerMinute(rows, Combine.approxQuantiles<Row<number>>(3, { compare: (x, y) => x.v - y.v })).map((p) => ({ ...p, value: p.value.map((r) => r.v) }))).toEqual([
      batchPane('/a', 0, [10, 20, 30]),
      batchPane('/b', 0, [5, 5, 5]),
      batchPane('/a', 60_000, [99, 99, 99]),
    ]);
  });
});
