import fc from 'fast-check';
import { approxCountDistinct, Combine } from '../../src/index';
import { murmur3String } from '../../src/combiners/hash32';
import { batchPane, checkExtractDoesNotMutate, checkMergeLaws, fold, perKeyPerMinute, seeded, type Row } from './combinerLaws';

/** n distinct strings from a seeded generator, in a shuffled order. */
function distinctStrings(n: number, seed: number): string[] {
  const next = seeded(seed);
  const out = Array.from({ length: n }, (_, i) => `user-${seed}-${i}`);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('Combine.approxCountDistinct', () => {
  it('0 for an empty window, 1 for one value however often it comes, and small counts come out right', () => {
    const fn = approxCountDistinct<unknown>();
    expect(fn.extractOutput(fn.createAccumulator())).toBe(0);
    expect(fn.extractOutput(fold(fn, ['a', 'a', 'a']))).toBe(1);
    expect(fn.extractOutput(fold(fn, [1, '1', true, 1n, 1, '1']))).toBe(4); // type and string form
    expect(Combine.approxCountDistinct).toBe(approxCountDistinct);
  });

  it('duplicates never change the sketch', () => {
    const fn = approxCountDistinct<string>();
    const values = distinctStrings(3_000, 1);
    const once = fold(fn, values);
    const thrice = fold(fn, [...values, ...values.slice().reverse(), ...values]);
    expect(thrice).toEqual(once);
    expect(fn.extractOutput(thrice)).toBe(fn.extractOutput(once));
  });

  it('100k distinct values at precision 14 (m = 16384): within 3 standard errors (3 × 1.04 / sqrt(m) = 2.4%)', () => {
    const fn = approxCountDistinct<string>({ precision: 14 });
    const estimate = fn.extractOutput(fold(fn, distinctStrings(100_000, 2024)));
    expect(Math.abs(estimate / 100_000 - 1)).toBeLessThan(3 * (1.04 / Math.sqrt(16_384)));
  });

  it('100k distinct values at the default precision 12 (m = 4096): within 3 standard errors (4.9%)', () => {
    const fn = approxCountDistinct<string>();
    const estimate = fn.extractOutput(fold(fn, distinctStrings(100_000, 7)));
    expect(Math.abs(estimate / 100_000 - 1)).toBeLessThan(3 * (1.04 / Math.sqrt(4_096)));
  });

  it('the relative error over 16 seeded runs of 20k values at precision 8 has the standard deviation 1.04 / sqrt(m)', () => {
    const fn = approxCountDistinct<string>({ precision: 8 });
    const errors = Array.from({ length: 16 }, (_, s) => fn.extractOutput(fold(fn, distinctStrings(20_000, 100 + s))) / 20_000 - 1);
    const rms = Math.sqrt(errors.reduce((a, e) => a + e * e, 0) / errors.length);
    const standardError = 1.04 / Math.sqrt(256); // 6.5%
    // With 16 samples the measured spread lies within about ±35% of the true one (chi-square, 99%).
    expect(rms).toBeGreaterThan(0.5 * standardError);
    expect(rms).toBeLessThan(1.5 * standardError);
    for (const e of errors) expect(Math.abs(e)).toBeLessThan(4 * standardError);
  });

  it('select picks the value to count; numbers that are equal count once', () => {
    const fn = approxCountDistinct({ select: (v: { user: number }) => v.user });
    expect(fn.extractOutput(fold(fn, [{ user: 1 }, { user: 1.0 }, { user: 2 }]))).toBe(2);
  });

  it('rejects a bad precision, a select that is not a function, and values without a string form', () => {
    expect(() => approxCountDistinct({ precision: 3 })).toThrow(new RangeError('approxCountDistinct: precision must be an integer from 4 to 16, got 3'));
    expect(() => approxCountDistinct({ precision: 17 })).toThrow(RangeError);
    expect(() => approxCountDistinct({ precision: 12.5 })).toThrow(RangeError);
    expect(() => approxCountDistinct({ select: 1 as unknown as () => 1 })).toThrow(new TypeError('approxCountDistinct: select must be a function, got 1'));
    const fn = approxCountDistinct<unknown>();
    expect(() => fn.addInput(fn.createAccumulator(), { id: 1 })).toThrow(
      new TypeError('approxCountDistinct: each value must be a string, number, bigint or boolean (use select to pick one), got an object (Object)'),
    );
  });

  it('any partition, merged in any order or as a tree, gives exactly the same estimate (registers merge by maximum)', () => {
    // Precision 4 (16 registers) makes the sparse-to-dense switch and saturation happen within small inputs.
    checkMergeLaws(() => approxCountDistinct<number>({ precision: 4 }), fc.array(fc.integer({ min: 0, max: 500 }), { maxLength: 80 }), (a, b) => expect(a).toBe(b));
    checkMergeLaws(() => approxCountDistinct<string>(), fc.array(fc.string({ maxLength: 3 }), { maxLength: 80 }), (a, b) => expect(a).toBe(b), 100);
  });

  it('a merge of large dense accumulators equals the sketch of the union', () => {
    const fn = approxCountDistinct<string>();
    const a = distinctStrings(8_000, 5);
    const b = distinctStrings(8_000, 6);
    const merged = fn.mergeAccumulators([fold(fn, a), fold(fn, b.slice(0, 50)), fold(fn, b.slice(50))]);
    expect(merged).toEqual(fold(fn, [...a, ...b]));
  });

  it('extractOutput does not change the accumulator', () => {
    checkExtractDoesNotMutate(() => approxCountDistinct<number>({ precision: 4 }), fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 40 }));
  });

  it('the hash spreads sequential keys evenly over the registers', () => {
    const buckets = new Array<number>(64).fill(0);
    for (let i = 0; i < 64_000; i++) buckets[murmur3String(`n${i}`) >>> 26] += 1;
    for (const b of buckets) expect(Math.abs(b - 1000)).toBeLessThan(5 * Math.sqrt(1000)); // 5 sigma of a binomial
    expect(murmur3String('')).not.toBe(murmur3String('a'));
    expect(murmur3String('ab')).not.toBe(murmur3String('ba'));
  });

  it('per key and minute through combinePerKey', () => {
    const rows: Row<string>[] = [
      { k: '/home', t: 1_000, v: 'u1' },
      { k: '/home', t: 2_000, v: 'u2' },
      { k: '/home', t: 3_000, v: 'u1' },
      { k: '/home', t: 4_000, v: 'u3' },
      { k: '/cart', t: 5_000, v: 'u1' },
      { k: '/home', t: 60_000, v: 'u1' },
    ];
    expect(perKeyPerMinute(rows, Combine.approxCountDistinct({ select: (r: Row<string>) => r.v }))).toEqual([
      batchPane('/home', 0, 3),
      batchPane('/cart', 0, 1),
      batchPane('/home', 60_000, 1),
    ]);
  });
});
