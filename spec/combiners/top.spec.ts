import fc from 'fast-check';
import { Combine, top } from '../../src/index';
import { batchPane, checkExtractDoesNotMutate, checkMergeLaws, fold, perKeyPerMinute, seeded, type Row } from './combinerLaws';

describe('Combine.top', () => {
  it('the n largest values, largest first; fewer when the window has fewer', () => {
    const fn = top<number>(3);
    expect(fn.extractOutput(fold(fn, [5, 1, 9, 3, 7, 9, 2]))).toEqual([9, 9, 7]);
    expect(fn.extractOutput(fold(fn, [4, 8]))).toEqual([8, 4]);
    expect(fn.extractOutput(fn.createAccumulator())).toEqual([]);
    expect(Combine.top).toBe(top);
  });

  it('compare gives the order; reversing it gives the smallest', () => {
    type Score = { who: string; points: number };
    const podium = top<Score>(2, (a, b) => a.points - b.points);
    const scores = [{ who: 'ann', points: 7 }, { who: 'bob', points: 12 }, { who: 'cy', points: 9 }];
    expect(podium.extractOutput(fold(podium, scores))).toEqual([{ who: 'bob', points: 12 }, { who: 'cy', points: 9 }]);
    const smallest = top<number>(2, (a, b) => b - a);
    expect(smallest.extractOutput(fold(smallest, [5, 1, 9, 3]))).toEqual([1, 3]);
  });

  it('keeps at most n values per accumulator whatever the input size', () => {
    const fn = top<number>(10);
    const next = seeded(7);
    const values = Array.from({ length: 50_000 }, () => Math.floor(next() * 1e9));
    const acc = fold(fn, values);
    expect(acc.length).toBe(10);
    expect(fn.extractOutput(acc)).toEqual([...values].sort((a, b) => b - a).slice(0, 10));
    const merged = fn.mergeAccumulators([acc, fold(fn, [2e9, 3e9])]);
    expect(merged.length).toBe(10);
  });

  it('rejects a bad n, compare, or values the natural order cannot rank', () => {
    expect(() => top(0)).toThrow(new RangeError('top: n must be a positive integer, got 0'));
    expect(() => top(1.5)).toThrow(new RangeError('top: n must be a positive integer, got 1.5'));
    expect(() => top(2, {} as unknown as (a: number, b: number) => number)).toThrow(new TypeError('top: compare must be a function, got an object (Object)'));
    expect(() => fold(top<unknown>(2), [{}])).toThrow(TypeError);
  });

  it('any partition, merged in any order or as a tree, gives the same top n', () => {
    for (const n of [1, 3, 8]) {
      checkMergeLaws(() => top<number>(n), fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 60 }), undefined, 80);
    }
  });

  it('equals the first n of the sorted input', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.array(fc.integer(), { maxLength: 50 }), (n, values) => {
        const fn = top<number>(n);
        expect(fn.extractOutput(fold(fn, values))).toEqual([...values].sort((a, b) => b - a).slice(0, n));
      }),
    );
  });

  it('extractOutput does not change the accumulator', () => {
    checkExtractDoesNotMutate(() => top<number>(4), fc.array(fc.integer(), { maxLength: 30 }));
  });

  it('per key and minute through combinePerKey', () => {
    const rows: Row<number>[] = [
      { k: 'a', t: 1_000, v: 10 },
      { k: 'a', t: 2_000, v: 30 },
      { k: 'a', t: 3_000, v: 20 },
      { k: 'b', t: 3_000, v: 8 },
      { k: 'a', t: 61_000, v: 7 },
    ];
    const panes = perKeyPerMinute(rows, Combine.top<Row<number>>(2, (x, y) => x.v - y.v));
    expect(panes.map((p) => ({ ...p, value: p.value.map((r) => r.v) }))).toEqual([batchPane('a', 0, [30, 20]), batchPane('b', 0, [8]), batchPane('a', 60_000, [7])]);
  });
});
