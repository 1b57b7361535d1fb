import { describeValue } from '../time.js';
import { requireFunction, requireOptions } from '../internal/checks.js';
import { builtIn, type CombineFn } from './combineFn.js';
import { naturalOrder, type Compare } from './compare.js';
import { quantilesCoder } from '../state/accumulatorCoders.js';

/**
 * Options of {@link approxQuantiles}.
 *
 * @category Combiners
 */
export interface ApproxQuantilesOptions<T> {
  /** The order of the values (default: natural order of numbers, strings, bigints, Dates). */
  readonly compare?: Compare<T> | undefined;
  /** Items a level holds before it is compacted, an even integer from 8 up. Default 512. Inputs smaller than this are exact. */
  readonly capacity?: number | undefined;
}

/**
 * The accumulator of {@link approxQuantiles}: a stack of compactors. `levels[h]` holds sampled items
 * that each stand for 2^h input values; a full level is sorted and every other item moves up a level.
 * `errorBound` adds up the weight of every compaction, which bounds how far any rank read from the
 * sketch can be from the true rank.
 *
 * @category Combiners
 */
export interface QuantilesAccumulator<T> {
  levels: T[][];
  count: number;
  min: T | undefined;
  max: T | undefined;
  errorBound: number;
  /** Bit h: which half (even or odd positions) level h keeps at its next compaction. */
  parity: number;
}

/**
 * `numQuantiles` values that split the input into equal parts: the exact minimum, the values at the
 * evenly spaced sorted positions ⌊i (n − 1) / (numQuantiles − 1)⌋, and the exact maximum; `[]` for an
 * empty window. Beam: `ApproximateQuantiles.globally(numQuantiles)` / `.perKey(...)`.
 *
 * Accuracy: exact while a window has fewer than `capacity` values. Beyond that each output sits within
 * `B` positions of its target, where `B` (the accumulator's `errorBound`) is the summed weight of all
 * compactions. Each compaction at level h consumes at least `capacity` items of weight 2^h, so
 * `B ≤ n / capacity × (⌊log2(n / capacity)⌋ + 1)`, also after any merges: about 2.1% of n for a
 * million values at the default capacity 512, and in practice the measured error is several times
 * smaller. Memory is about `capacity × log2(n / capacity)` items. The sketch is deterministic and
 * mergeable: merged accumulators keep the same guarantee, though the chosen values may depend on how
 * the input was split.
 *
 * @param numQuantiles - How many values to return (at least 2): the minimum, evenly spaced quantiles and the maximum.
 * @param options - `compare` (default: natural order) and `capacity` (default 512).
 *
 * @example combinePerKey((r) => r.route, Combine.approxQuantiles(5, { compare: (a, b) => a.ms - b.ms }))
 * // [fastest, p25, median, p75, slowest] per route
 *
 * @category Combiners
 */
export function approxQuantiles<T = number>(numQuantiles: number, options: ApproxQuantilesOptions<T> = {}): CombineFn<T, QuantilesAccumulator<T>, T[]> {
  if (!Number.isSafeInteger(numQuantiles) || numQuantiles < 2) {
    throw new RangeError(`approxQuantiles: numQuantiles must be an integer of at least 2 (the minimum and the maximum), got ${describeValue(numQuantiles)}`);
  }
  const { compare, capacity = 512 } = requireOptions('approxQuantiles', options);
  if (compare !== undefined) requireFunction('approxQuantiles', 'compare', compare);
  if (!Number.isSafeInteger(capacity) || capacity < 8 || capacity % 2 !== 0) {
    throw new RangeError(`approxQuantiles: capacity must be an even integer of at least 8, got ${describeValue(capacity)}`);
  }
  const cmp = compare ?? naturalOrder<T>('approxQuantiles');

  const compactFrom = (acc: QuantilesAccumulator<T>, from: number): void => {
    for (let h = from; h < acc.levels.length; h++) {
      const level = acc.levels[h];
      if (level.length < capacity) continue;
      level.sort(cmp);
      // An odd item out stays behind at this level, so every compaction pairs up items exactly.
      const leftover = level.length % 2 === 1 ? [level[level.length - 1]] : [];
      const bit = 1 << (h % 30);
      const offset = acc.parity & bit ? 1 : 0;
      acc.parity ^= bit;
      if (h + 1 === acc.levels.length) acc.levels.push([]);
      const up = acc.levels[h + 1];
      for (let i = offset; i < level.length - leftover.length; i += 2) up.push(level[i]);
      acc.levels[h] = leftover;
      acc.errorBound += 2 ** h;
    }
  };
  const bounds = (acc: QuantilesAccumulator<T>, lo: T, hi: T): void => {
    if (acc.count === 0 || cmp(lo, acc.min as T) < 0) acc.min = lo;
    if (acc.count === 0 || cmp(hi, acc.max as T) > 0) acc.max = hi;
  };
  const empty = (): QuantilesAccumulator<T> => ({ levels: [[]], count: 0, min: undefined, max: undefined, errorBound: 0, parity: 0 });

  return builtIn({
    createAccumulator: empty,
    addInput: (acc, value) => {
      if (compare === undefined) cmp(value, value);
      bounds(acc, value, value);
      acc.count += 1;
      acc.levels[0].push(value);
      if (acc.levels[0].length >= capacity) compactFrom(acc, 0);
      return acc;
    },
    mergeAccumulators: (accs) => {
      const out = empty();
      for (const a of accs) {
        if (a.count === 0) continue;
        bounds(out, a.min as T, a.max as T);
        out.count += a.count;
        out.errorBound += a.errorBound;
        out.parity ^= a.parity;
        a.levels.forEach((items, h) => {
          while (out.levels.length <= h) out.levels.push([]);
          for (const v of items) out.levels[h].push(v);
        });
      }
      compactFrom(out, 0);
      return out;
    },
    extractOutput: (acc) => {
      if (acc.count === 0) return [];
      const weighted: { value: T; weight: number }[] = [];
      acc.levels.forEach((items, h) => {
        for (const value of items) weighted.push({ value, weight: 2 ** h });
      });
      weighted.sort((a, b) => cmp(a.value, b.value));
      const out: T[] = [acc.min as T];
      let j = 0;
      let seen = weighted[0].weight;
      for (let i = 1; i < numQuantiles - 1; i++) {
        const target = Math.floor((i * (acc.count - 1)) / (numQuantiles - 1));
        while (seen <= target && j < weighted.length - 1) seen += weighted[++j].weight;
        out.push(weighted[j].value);
      }
      out.push(acc.max as T);
      return out;
    },
    accumulatorCoder: quantilesCoder<T>(),
  });
}
