import fc from 'fast-check';
import { Combine } from '../../src/index';
import { batchPane, checkExtractDoesNotMutate, checkMergeLaws, fold, perKeyPerMinute, type Row } from './combinerLaws';

describe('Combine.max', () => {
  it('the largest number, string, bigint or Date; undefined for an empty window', () => {
    const nums = Combine.max<number>();
    expect(nums.extractOutput(fold(nums, [3, -2, 7, 6.5, 0]))).toBe(7);
    expect(nums.extractOutput(nums.createAccumulator())).toBeUndefined();
    const strs = Combine.max<string>();
    expect(strs.extractOutput(fold(strs, ['pear', 'apple', 'fig']))).toBe('pear');
    const dates = Combine.max<Date>();
    expect(dates.extractOutput(fold(dates, [new Date(5), new Date(2), new Date(9)]))).toEqual(new Date(9));
  });

  it('compare orders whole values; ties keep the first seen', () => {
    type Bid = { id: number; amount: number };
    const best = Combine.max<Bid>(undefined, (a, b) => a.amount - b.amount);
    expect(best.extractOutput(fold(best, [{ id: 1, amount: 5 }, { id: 2, amount: 9 }, { id: 3, amount: 9 }]))).toEqual({ id: 2, amount: 9 });
    const loudest = Combine.max((r: { db: number }) => r.db);
    expect(loudest.extractOutput(fold(loudest, [{ db: 40 }, { db: 95 }, { db: 60 }]))).toBe(95);
  });

  it('without compare, values the natural order cannot rank throw', () => {
    const fn = Combine.max<unknown>();
    expect(() => fold(fn, [undefined])).toThrow(
      new TypeError('Combine.max: without a compare function each value must be a number (not NaN), string, bigint or valid Date, got undefined'),
    );
  });

  it('any partition, merged in any order or as a tree, gives the same maximum', () => {
    checkMergeLaws(() => Combine.max<string>(), fc.array(fc.string(), { maxLength: 60 }), (a, b) => expect(a).toBe(b));
  });

  it('extractOutput does not change the accumulator', () => {
    checkExtractDoesNotMutate(() => Combine.max<number>(), fc.array(fc.integer(), { maxLength: 30 }));
  });

  it('per key and minute through combinePerKey', () => {
    const rows: Row<number>[] = [
      { k: 'a', t: 1_000, v: 10 },
      { k: 'a', t: 2_000, v: -4 },
      { k: 'b', t: 3_000, v: 8 },
      { k: 'a', t: 61_000, v: 7 },
    ];
    expect(perKeyPerMinute(rows, Combine.max((r: Row<number>) => r.v))).toEqual([batchPane('a', 0, 10), batchPane('b', 0, 8), batchPane('a', 60_000, 7)]);
  });
});
