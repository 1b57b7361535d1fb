import fc from 'fast-check';
import { Combine } from '../../src/index';
import { checkRotatedMergeLaws, fold } from './combinerLaws';

describe('Combine.count', () => {
  it('counts values', () => {
    const fn = Combine.count<string>();
    expect(fn.createAccumulator()).toBe(0);
    expect(fn.extractOutput(fold(fn, ['a', 'b', 'c']))).toBe(3);
    expect(fn.mergeAccumulators([2, 0, 5])).toBe(7);
    expect(fn.mergeAccumulators([])).toBe(0);
  });

  it('merge is associative and commutative', () => checkRotatedMergeLaws(() => Combine.count<number>(), fc.integer()));
});
