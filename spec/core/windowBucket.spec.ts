import fc from 'fast-check';
import { KeyedStates } from '../../src/core/windowBucket';

describe('KeyedStates (per-window states by key)', () => {
  it('behaves as a Map: insertion order, SameValueZero keys, delete, size', () => {
    const s = new KeyedStates<unknown, string>();
    expect(s.size).toBe(0);
    expect([...s.values()]).toEqual([]);
    s.set(NaN, 'nan');
    expect(s.get(NaN)).toBe('nan');
    s.set(NaN, 'nan2');
    expect(s.size).toBe(1);
    s.set('b', 'b');
    s.set(0, 'zero');
    expect(s.get(-0)).toBe('zero');
    expect([...s.values()]).toEqual(['nan2', 'b', 'zero']);
    s.delete(NaN);
    expect([...s.values()]).toEqual(['b', 'zero']);
    expect(s.size).toBe(2);
    s.clear();
    expect(s.size).toBe(0);
    expect(s.get('b')).toBeUndefined();
  });

  it('agrees with a Map for any sequence of sets and deletes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 3 }), fc.integer()), { maxLength: 40 }), (ops) => {
        const s = new KeyedStates<number, number>();
        const m = new Map<number, number>();
        for (const [isSet, k, v] of ops) {
          if (isSet) {
            s.set(k, v);
            m.set(k, v);
          } else {
            s.delete(k);
            m.delete(k);
          }
          expect(s.size).toBe(m.size);
          expect([...s.values()]).toEqual([...m.values()]);
          for (let key = 0; key <= 3; key++) expect(s.get(key)).toBe(m.get(key));
        }
      }),
    );
  });
});
