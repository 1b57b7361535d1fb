import { DEFAULT_KEY_GROUPS, keyGroupOf, keyGroupRange, paneId } from '../../src/nats/index';
import type { Pane } from '../../src/index';

/** FNV-1a over UTF-8 bytes (ASCII here), as NATS's subject-mapping partitions hash a token. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz'.split('');

describe('keyGroupOf', () => {
  it('spreads 100 000 keys evenly over 128 key groups (chi-square well under the 0.1% bound)', () => {
    const counts = new Array<number>(DEFAULT_KEY_GROUPS).fill(0);
    const n = 100_000;
    for (let i = 0; i < n; i++) counts[keyGroupOf(`user-${i}`)]!++;
    const expected = n / DEFAULT_KEY_GROUPS;
    const chiSquare = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
    // 127 degrees of freedom: the 99.9th percentile is about 181.
    expect(chiSquare).toBeLessThan(181);
    expect(Math.min(...counts)).toBeGreaterThan(expected * 0.85);
    expect(Math.max(...counts)).toBeLessThan(expected * 1.15);
  });

  it('does not cluster keys that differ in one letter, as FNV-1a modulo a power of two does', () => {
    const vowels = ['a', 'e', 'i', 'm', 'q', 'u', 'y'].map((c) => `user-${c}`);
    // The clustering the mixing step avoids: all seven in partition 0 of 4.
    expect(vowels.map((k) => fnv1a(k) % 4)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(new Set(vowels.map((k) => keyGroupOf(k, 4))).size).toBeGreaterThanOrEqual(3);
    const groups = LETTERS.map((c) => keyGroupOf(`user-${c}`, 4));
    const perGroup = [0, 1, 2, 3].map((g) => groups.filter((x) => x === g).length);
    expect(Math.min(...perGroup)).toBeGreaterThanOrEqual(3);
  });

  it('puts keys equal by value in the same key group', () => {
    expect(keyGroupOf({ user: 'u1', region: 'eu' }, 1024)).toBe(keyGroupOf({ region: 'eu', user: 'u1' }, 1024));
    expect(keyGroupOf(-0, 1024)).toBe(keyGroupOf(0, 1024));
    expect(keyGroupOf(['u1', 2], 1024)).toBe(keyGroupOf(['u1', 2], 1024));
    expect(keyGroupOf(new Date(5), 1024)).toBe(keyGroupOf(new Date(5), 1024));
    // Different types are different keys (their encodings differ), and here different groups.
    expect([keyGroupOf(1, 1024), keyGroupOf('1', 1024), keyGroupOf(1n, 1024)]).toEqual([51, 274, 870]);
  });

  it('is the same number in every process and release: pinned values (changing them re-partitions stored input)', () => {
    expect(['user-a', 'user-b', 'u1', 42, { a: 1 }].map((k) => keyGroupOf(k))).toEqual([44, 32, 95, 66, 117]);
    expect(keyGroupOf('user-a', 1)).toBe(0);
  });

  it('refuses a bad number of key groups and a bad key, naming the rule', () => {
    expect(() => keyGroupOf('a', 0)).toThrow(new RangeError('keyGroupOf: keyGroups must be an integer number of key groups from 1 to 65536, got 0'));
    expect(() => keyGroupOf('a', 2.5)).toThrow(RangeError);
    expect(() => keyGroupOf(undefined)).toThrow(TypeError);
  });
});

describe('keyGroupRange', () => {
  it('splits key groups into contiguous ranges that cover each once', () => {
    expect([0, 1, 2].map((i) => keyGroupRange(i, 3, 8))).toEqual([
      [0, 1],
      [2, 3, 4],
      [5, 6, 7],
    ]);
    for (const workers of [1, 2, 5, 7, 128]) {
      const all = Array.from({ length: workers }, (_, i) => keyGroupRange(i, workers)).flat();
      expect(all).toEqual(Array.from({ length: 128 }, (_, kg) => kg));
    }
  });

  it('refuses more workers than key groups and an index out of range', () => {
    expect(() => keyGroupRange(0, 9, 8)).toThrow(new RangeError('keyGroupRange: workers must be an integer from 1 to keyGroups (8), got 9'));
    expect(() => keyGroupRange(3, 3, 8)).toThrow(new RangeError('keyGroupRange: index must be an integer from 0 to workers - 1 (2), got 3'));
  });
});

describe('paneId', () => {
  const pane = (key: unknown, start: number, end: number, index: number): Pane<number, unknown> => ({
    key,
    window: { start, end, maxTimestamp: end - 1 },
    value: 1,
    pane: { timing: 'ON_TIME', index, onTimeIndex: 0, isFirst: index === 0, isLast: false },
    timestamp: end - 1,
  });

  it('is the encoded key, the window and the pane index, in printable ASCII', () => {
    expect(paneId(pane('u1', 0, 60_000, 0))).toBe('"u1"/0/60000/0');
    expect(paneId(pane({ b: 1, a: 'x y' }, -60_000, 0, 2))).toBe('{"a":"x%20y","b":1}/-60000/0/2');
    expect(paneId(pane('é%\n', 0, 1, 0))).toBe('"%C3%A9%25\\n"/0/1/0');
    expect(paneId(pane('\ud800', 0, 1, 0))).toMatch(/^[\x21-\x7e]+$/);
  });

  it('gives equal keys the same id and different panes different ids', () => {
    expect(paneId(pane({ a: 1, b: 2 }, 0, 10, 0))).toBe(paneId(pane({ b: 2, a: 1 }, 0, 10, 0)));
    const ids = new Set([pane('a', 0, 10, 0), pane('a', 0, 10, 1), pane('a', 0, 20, 0), pane('a/0', 0, 10, 0), pane(1, 0, 10, 0), pane('1', 0, 10, 0), pane('%25', 0, 10, 0), pane('%', 0, 10, 0)].map(paneId));
    expect(ids.size).toBe(8);
  });
});
