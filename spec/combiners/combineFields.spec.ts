import fc from 'fast-check';
import { Combine, combineFields, sum, toList, type CombineFn } from '../../src/index';
import { checkRotatedMergeLaws, fold } from './combinerLaws';

describe('combineFields', () => {
  const spend = () => combineFields({ count: Combine.count<{ amount: number }>(), sum_amount: sum((e: { amount: number }) => e.amount) });

  it('runs each field over the same values in one pass', () => {
    const fn = spend();
    expect(fn.extractOutput(fn.createAccumulator())).toEqual({ count: 0, sum_amount: 0 });
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
    expect(fn.accumulatorCoder!.encode(fn.compact!(acc))).toEqual([[6], 3]);
  });

  // The accumulator is laid out by the number of fields (a property each up to three, an array from
  // four): every layout folds, merges, retracts, compacts and codes as the fields do one by one.
  it.each([1, 2, 3, 4, 5])('with %i fields each field gives what its CombineFn gives alone', (n) => {
    const kinds = [() => Combine.count<number>(), () => sum<number>((v) => v), () => Combine.max<number>((v) => v), () => toList<number>(), () => Combine.min<number>((v) => v)];
    const fields: Record<string, CombineFn<number, unknown, unknown>> = {};
    for (let i = 0; i < n; i++) fields[`field${i}`] = kinds[i]() as CombineFn<number, unknown, unknown>;
    const fn = combineFields(fields);
    const a = [3, 1, 4, 1, 5];
    const b = [9, 2, 6];
    const alone = (values: number[]) => Object.fromEntries(Object.entries(fields).map(([name, f]) => [name, f.extractOutput(fold(f, values))]));
    expect(fn.extractOutput(fold(fn, a))).toEqual(alone(a));
    expect(fn.extractOutput(fn.mergeAccumulators([fold(fn, a), fold(fn, b)]))).toEqual(alone([...a, ...b]));
    expect(fn.extractOutput(fn.compact!(fold(fn, a)))).toEqual(alone(a));
    const coder = fn.accumulatorCoder!;
    const encoded = coder.encode(fold(fn, b));
    expect(encoded).toEqual(Object.values(fields).map((f) => f.accumulatorCoder!.encode(fold(f, b))));
    expect(fn.extractOutput(fn.addInput(coder.decode(JSON.parse(JSON.stringify(encoded))), 7))).toEqual(alone([...b, 7]));
  });

  it.each([1, 2, 3, 4])('with %i retracting fields a retraction takes the value out of each', (n) => {
    const fields: Record<string, CombineFn<number, unknown, unknown>> = {};
    for (let i = 0; i < n; i++) fields[`field${i}`] = (i % 2 === 0 ? Combine.count<number>() : sum<number>((v) => v * i)) as CombineFn<number, unknown, unknown>;
    const fn = combineFields(fields);
    const acc = fn.retractInput!(fold(fn, [2, 5, 11]), 5);
    expect(fn.extractOutput(acc)).toEqual(fn.extractOutput(fold(fn, [2, 11])));
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
