import fc from 'fast-check';
import { Combine, sum } from '../../src/index';
import { checkRotatedMergeLaws, fold } from './combinerLaws';

describe('Combine.sum / sum', () => {
  it('sums numbers, or the numbers a selector picks', () => {
    expect(Combine.sum).toBe(sum);
    expect(sum().extractOutput(fold(sum(), [1, 2, 3.5, -4]))).toBe(2.5);
    const amount = sum((e: { amount: number }) => e.amount);
    expect(amount.extractOutput(fold(amount, [{ amount: 20 }, { amount: -5 }]))).toBe(15);
    expect(amount.mergeAccumulators([1, 2, 3])).toBe(6);
  });

  it('merge is associative and commutative (integers, so no rounding)', () => checkRotatedMergeLaws(() => sum(), fc.integer({ min: -1e6, max: 1e6 })));

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
