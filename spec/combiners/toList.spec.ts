import fc from 'fast-check';
import { toList } from '../../src/index';
import { checkRotatedMergeLaws, fold } from './combinerLaws';

describe('Combine.toList', () => {
  it('collects values in arrival order; merge concatenates in the given order', () => {
    const fn = toList<string>();
    expect(fn.extractOutput(fold(fn, ['a', 'b']))).toEqual(['a', 'b']);
    expect(fn.mergeAccumulators([['a'], [], ['b', 'c']])).toEqual(['a', 'b', 'c']);
  });

  it('merge is associative and commutative as a multiset', () =>
    checkRotatedMergeLaws(
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
