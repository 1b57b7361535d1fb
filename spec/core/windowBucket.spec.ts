import fc from 'fast-check';
import { KeyedStates, WindowBucket } from '../../src/core/windowBucket';
import { intervalWindow } from '../../src/windows/window';

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

  // String keys are also filed in a dictionary object while a window holds few keys: names an object
  // treats specially, integer-like names, and keys of other types beside them must still act as a Map.
  it('agrees with a Map for string keys of any name, mixed with other keys', () => {
    const names: unknown[] = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '1', '01', '-0', '4294967295', '', '\u0001k', 'a', 1, -0, NaN, true];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: names.length - 1 }), fc.integer()), { maxLength: 60 }), (ops) => {
        const s = new KeyedStates<unknown, number>();
        const m = new Map<unknown, number>();
        for (const [isSet, i, v] of ops) {
          if (isSet) {
            s.set(names[i], v);
            m.set(names[i], v);
          } else {
            s.delete(names[i]);
            m.delete(names[i]);
          }
          expect(s.size).toBe(m.size);
          expect([...s.values()]).toEqual([...m.values()]);
          for (const key of names) expect(s.get(key)).toBe(m.get(key));
        }
      }),
    );
  });

  it('agrees with a Map past the number of keys it indexes in a dictionary', () => {
    const s = new KeyedStates<string, number>();
    const m = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) {
      s.set(`k${i}`, i);
      m.set(`k${i}`, i);
      if (i % 3 === 0) {
        s.delete(`k${i >> 1}`);
        m.delete(`k${i >> 1}`);
      }
    }
    expect(s.size).toBe(m.size);
    expect([...s.values()]).toEqual([...m.values()]);
    for (let i = 0; i < 20_001; i++) expect(s.get(`k${i}`)).toBe(m.get(`k${i}`));
  });
});

describe('WindowBucket.endHold', () => {
  it("is its window's last instant, the same after the window moves", () => {
    const bucket = new WindowBucket<string, number>(intervalWindow(0, 10), 20, 0, true);
    expect(bucket.endHold()).toBe(9);
    expect(bucket.endHold()).toBe(9);
    bucket.window = intervalWindow(0, 15);
    expect(bucket.endHold()).toBe(14);
    bucket.window = intervalWindow(5, 1_704_067_260_000);
    expect(bucket.endHold()).toBe(1_704_067_259_999);
  });
});
