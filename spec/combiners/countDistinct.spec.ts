import fc from 'fast-check';
import { Combine, countDistinct } from '../../src/index';
import { batchPane, checkExtractDoesNotMutate, checkMergeLaws, fold, perKeyPerMinute, type Row } from './combinerLaws';

describe('Combine.countDistinct', () => {
  it('counts distinct values as a Set does', () => {
    const fn = countDistinct<unknown>();
    expect(fn.extractOutput(fold(fn, ['a', 'b', 'a', 'c', 'b']))).toBe(3);
    expect(fn.extractOutput(fold(fn, [1, '1', 1, Number.NaN, Number.NaN, 0, -0]))).toBe(4); // 1, '1', NaN, 0
    expect(fn.extractOutput(fn.createAccumulator())).toBe(0);
    expect(Combine.countDistinct).toBe(countDistinct);
  });

  it('select picks the key; objects without select count by identity', () => {
    const users = countDistinct((v: { user: string }) => v.user);
    expect(users.extractOutput(fold(users, [{ user: 'u1' }, { user: 'u2' }, { user: 'u1' }]))).toBe(2);
    const byIdentity = countDistinct<{ user: string }>();
    expect(byIdentity.extractOutput(fold(byIdentity, [{ user: 'u1' }, { user: 'u1' }]))).toBe(2);
    expect(() => countDistinct('user' as unknown as (v: unknown) => unknown)).toThrow(new TypeError('countDistinct: select must be a function, got "user"'));
  });

  it('any partition, merged in any order or as a tree, gives the exact distinct count', () => {
    checkMergeLaws(() => countDistinct<number>(), fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 60 }), (a, b) => expect(a).toBe(b));
  });

  it('equals the size of the Set of the input', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 2 }), { maxLength: 60 }), (values) => {
        const fn = countDistinct<string>();
        expect(fn.extractOutput(fold(fn, values))).toBe(new Set(values).size);
      }),
    );
  });

  it('extractOutput does not change the accumulator', () => {
    checkExtractDoesNotMutate(() => countDistinct<number>(), fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 30 }));
  });

  it('per key and minute through combinePerKey: unique visitors per page', () => {
    const rows: Row<string>[] = [
      { k: '/home', t: 1_000, v: 'u1' },
      { k: '/home', t: 2_000, v: 'u2' },
      { k: '/home', t: 3_000, v: 'u1' },
      { k: '/cart', t: 4_000, v: 'u1' },
      { k: '/home', t: 60_000, v: 'u1' },
    ];
    expect(perKeyPerMinute(rows, Combine.countDistinct((r: Row<string>) => r.v))).toEqual([
      batchPane('/home', 0, 2),
      batchPane('/cart', 0, 1),
      batchPane('/home', 60_000, 1),
    ]);
  });
});
