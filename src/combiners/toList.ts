import { builtIn, type CombineFn } from './combineFn.js';
import { listCoder } from '../state/accumulatorCoders.js';

/**
 * Collects the values into an array, in arrival order. Beam: what `GroupByKey` buffers.
 * The output is a copy, so the accumulator can keep growing in accumulating mode.
 *
 * @category Combiners
 */
export function toList<T>(): CombineFn<T, T[], T[]> {
  return builtIn({
    createAccumulator: () => [],
    addInput: (acc, value) => {
      acc.push(value);
      return acc;
    },
    mergeAccumulators: (accs) => {
      const out: T[] = [];
      for (const a of accs) for (const v of a) out.push(v);
      return out;
    },
    extractOutput: (acc) => acc.slice(),
    accumulatorCoder: listCoder<T>('toList'),
  });
}
