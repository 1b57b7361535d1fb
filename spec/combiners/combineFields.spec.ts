import fc from 'fast-check';
import { Combine, combineFields, sum, toList, type CombineFn } from '../../src/index';
import { checkRotatedMergeLaws, fold } from './combinerLaws';

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
    checkRotatedMergeLaws(spend, fc.record({ amount: fc.integer({ min: -1000, max: 1000 }) })));

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
