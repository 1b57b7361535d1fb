import fc from 'fast-check';
import { Combine } from '../../src/index';
import { batchPane, checkExtractDoesNotMutate, checkMergeLaws, fold, perKeyPerMinute, type Row } from './combinerLaws';

describe('Combine.min', () => {
  it('the smallest number, string, bigint or Date; undefined for an empty window', () => {
    const nums = Combine.min<number>();
    expect(nums.extractOutput(fold(nums, [3, -2, 7, -2.5, 0]))).toBe(-2.5);
    expect(nums.extractOutput(nums.createAccumulator())).toBeUndefined();
    const strs = Combine.min<string>();
    expect(strs.extractOutput(fold(strs, ['pear', 'apple', 'fig']))).toBe('apple');
    const bigs = Combine.min<bigint>();
    expect(bigs.extractOutput(fold(bigs, [10n, -3n, 7n]))).toBe(-3n);
    const dates = Combine.min<Date>();
    expect(dates.extractOutput(fold(dates, [new Date(5), new Date(2), new Date(9)]))).toEqual(new Date(2));
  });

  it('select picks what is compared and returned; compare orders whole values; ties keep the first seen', () => {
    const prices = Combine.min((t: { sym: string; price: number }) => t.price);
    expect(prices.extractOutput(fold(prices, [{ sym: 'A', price: 3 }, { sym: 'B', price: 1 }]))).toBe(1);
    type Trade = { id: number; price: number };
    const cheapest = Combine.min<Trade>(undefined, (a, b) => a.price - b.price);
    const trades = [{ id: 1, price: 5 }, { id: 2, price: 2 }, { id: 3, price: 2 }, { id: 4, price: 9 }];
    expect(cheapest.extractOutput(fold(cheapest, trades))).toEqual({ id: 2, price: 2 });
    const merged = cheapest.mergeAccumulators([fold(cheapest, trades.slice(2)), fold(cheapest, trades.slice(0, 2))]);
    expect(cheapest.extractOutput(merged)).toEqual({ id: 3, price: 2 }); // the earlier accumulator wins the tie
    const byLength = Combine.min((s: string) => s, (a, b) => a.length - b.length);
    expect(byLength.extractOutput(fold(byLength, ['ccc', 'a', 'bb', 'd']))).toBe('a');
  });

  it('without compare, values the natural order cannot rank throw', () => {
    const fn = Combine.min<unknown>();
    expect(() => fold(fn, [Number.NaN])).toThrow(
      new TypeError('Combine.min: without a compare function each value must be a number (not NaN), string, bigint or valid Date, got NaN'),
    );
    expect(() => fold(fn, [1, { a: 1 }])).toThrow(TypeError);
    expect(() => Combine.min(undefined, 'asc' as unknown as (a: number, b: number) => number)).toThrow(
      new TypeError('Combine.min: compare must be a function, got "asc"'),
    );
  });

  it('any partition, merged in any order or as a tree, gives the same minimum', () => {
    // -0 and 0 tie, so whichever came first would be kept; toBe would tell them apart.
    const noNegativeZero = fc.double({ noNaN: true }).map((x) => (x === 0 ? 0 : x));
    checkMergeLaws(() => Combine.min<number>(), fc.array(noNegativeZero, { maxLength: 60 }), (a, b) => expect(a).toBe(b));
  });

  it('extractOutput does not change the accumulator', () => {
    checkExtractDoesNotMutate(() => Combine.min<number>(), fc.array(fc.integer(), { maxLength: 30 }));
  });

  it('per key and minute through combinePerKey', () => {
    const rows: Row<number>[] = [
      { k: 'a', t: 1_000, v: 10 },
      { k: 'a', t: 2_000, v: -4 },
      { k: 'b', t: 3_000, v: 8 },
      { k: 'a', t: 61_000, v: 7 },
    ];
    expect(perKeyPerMinute(rows, Combine.min((r: Row<number>) => r.v))).toEqual([batchPane('a', 0, -4), batchPane('b', 0, 8), batchPane('a', 60_000, 7)]);
  });
});
