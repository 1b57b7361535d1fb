import fc from 'fast-check';
import type { CombineFn } from '../../src/index';
import { checkRotatedMergeLaws } from './combinerLaws';

describe('the merge-law check itself', () => {
  it('rejects a CombineFn whose merge is not commutative (keeps the last value)', () => {
    const last: CombineFn<number, number[], number | undefined> = {
      createAccumulator: () => [],
      addInput: (a, v) => [v],
      mergeAccumulators: (as) => as.reduce((x, y) => (y.length > 0 ? y : x), []),
      extractOutput: (a) => a[0],
    };
    expect(() => checkRotatedMergeLaws(() => last, fc.integer())).toThrow();
  });
});
