import fc from 'fast-check';
import { encodeKey, KEY_RULE, MAX_KEY_DEPTH } from '../../src/index';
import { keyId } from '../../src/core/keyEncoding';

/** `Map`'s key equality. */
const sameValueZero = (a: unknown, b: unknown): boolean => a === b || (a !== a && b !== b);

describe('encodeKey: a deterministic, type-preserving encoding', () => {
  it.each<[string, unknown, string]>([
    ['a string', 'u1', '"u1"'],
    ['a string needing escapes', 'a"b\\c\n', '"a\\"b\\\\c\\n"'],
    ['a number', 1, '1'],
    ['a fraction', 0.5, '0.5'],
    ['-0 (as 0, like a Map key)', -0, '0'],
    ['NaN', Number.NaN, 'NaN'],
    ['-Infinity', Number.NEGATIVE_INFINITY, '-Infinity'],
    ['a bigint', 12n, '12n'],
    ['true', true, 'true'],
    ['null', null, 'null'],
    ['a Date', new Date(Date.UTC(2024, 0, 1)), 'Date(1704067200000)'],
    ['an array', ['u1', 'eu'], '["u1","eu"]'],
    ['an empty array', [], '[]'],
    ['an object (names sorted)', { user: 'u1', region: 'eu' }, '{"region":"eu","user":"u1"}'],
    ['an object without prototype', Object.assign(Object.create(null) as object, { b: 2, a: 1 }), '{"a":1,"b":2}'],
    ['nested', { at: [new Date(0), { n: -0 }], id: 7n }, '{"at":[Date(0),{"n":0}],"id":7n}'],
  ])('%s', (_name, key, encoded) => {
    expect(encodeKey(key)).toBe(encoded);
  });

  it('keeps types apart: 1, "1", 1n, true, [1], ["1"], [[1]] are seven keys', () => {
    const keys = [1, '1', 1n, true, [1], ['1'], [[1]]];
    expect(new Set(keys.map(encodeKey)).size).toBe(keys.length);
  });

  it('does not depend on the order properties were written in', () => {
    expect(encodeKey({ a: 1, b: { c: 2, d: 3 } })).toBe(encodeKey({ b: { d: 3, c: 2 }, a: 1 }));
  });

  it.each<[string, unknown, string]>([
    ['undefined', undefined, 'undefined (a missing key)'],
    ['a symbol', Symbol('k'), 'a symbol'],
    ['a function', () => 1, 'a function'],
    ['an invalid Date', new Date(Number.NaN), 'an invalid Date'],
    ['a Map', new Map([[1, 2]]), 'an instance of Map'],
    ['a Set', new Set([1]), 'an instance of Set'],
    ['a class instance', new (class Point {
      x = 1;
    })(), 'an instance of Point'],
  ])('refuses %s with a TypeError naming the rule and the value', (_name, key, shown) => {
    expect(() => encodeKey(key)).toThrow(new TypeError(`${KEY_RULE}, got ${shown}`));
    expect(() => keyId(key)).toThrow(new TypeError(`${KEY_RULE}, got ${shown}`));
  });

  it('says where in the key a refused part is', () => {
    expect(() => encodeKey({ user: 'u1', region: undefined })).toThrow(new TypeError(`${KEY_RULE}, got undefined (a missing key) at key.region`));
    expect(() => encodeKey(['u1', [0, Symbol('s')]])).toThrow(new TypeError(`${KEY_RULE}, got a symbol at key[1][1]`));
    expect(() => encodeKey({ 'a b': [undefined] })).toThrow(new TypeError(`${KEY_RULE}, got undefined (a missing key) at key["a b"][0]`));
    // A hole in an array reads as undefined.
    expect(() => encodeKey([1, , 3])).toThrow(new TypeError(`${KEY_RULE}, got undefined (a missing key) at key[1]`));
  });

  it('refuses a key that contains itself, and nesting deeper than MAX_KEY_DEPTH', () => {
    const cyclic: unknown[] = [1];
    cyclic.push({ back: cyclic });
    expect(() => encodeKey(cyclic)).toThrow(new TypeError(`${KEY_RULE}, got a key that contains itself at key[1].back`));
    let deep: unknown = 0;
    for (let i = 0; i < MAX_KEY_DEPTH; i++) deep = [deep];
    expect(encodeKey(deep)).toBe(`${'['.repeat(MAX_KEY_DEPTH)}0${']'.repeat(MAX_KEY_DEPTH)}`);
    expect(() => encodeKey([deep])).toThrow(RangeError);
  });

  it('an array shared twice (not a cycle) is encoded twice', () => {
    const shared = [1];
    expect(encodeKey([shared, shared])).toBe('[[1],[1]]');
  });
});

/** Keys of every accepted kind, nested. */
const leaf = fc.oneof(
  fc.string({ maxLength: 3 }),
  fc.constantFrom('\u0001', '\u0001x', '"a"', '[1]', 'Date(0)'),
  fc.integer({ min: -3, max: 3 }),
  fc.constantFrom(-0, Number.NaN, 0.5, Number.POSITIVE_INFINITY),
  fc.bigInt({ min: -3n, max: 3n }),
  fc.boolean(),
  fc.constant(null),
  fc.integer({ min: 0, max: 3 }).map((t) => new Date(t)),
);
const { key: anyKey } = fc.letrec<{ key: unknown }>((tie) => ({
  key: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('key'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('key'), { maxKeys: 3 }),
  ),
}));

/** The same key rebuilt: fresh arrays, objects and Dates, properties in reverse order. */
function rebuilt(k: unknown): unknown {
  if (k instanceof Date) return new Date(k.getTime());
  if (Array.isArray(k)) return k.map(rebuilt);
  if (typeof k === 'object' && k !== null) {
    const out: Record<string, unknown> = {};
    for (const name of Object.keys(k).reverse()) out[name] = rebuilt((k as Record<string, unknown>)[name]);
    return out;
  }
  return k;
}

describe('keyId: the identity a grouping files state under', () => {
  it('numbers and ordinary strings are their own identity (the fast path)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.string().filter((s) => !s.startsWith('\u0001'))), (k) => {
        expect(Object.is(keyId(k), k)).toBe(true);
      }),
    );
  });

  it('two keys have the same identity exactly when their encodings are equal', () => {
    fc.assert(
      fc.property(anyKey, anyKey, (a, b) => {
        expect(sameValueZero(keyId(a), keyId(b))).toBe(encodeKey(a) === encodeKey(b));
      }),
      { numRuns: 2000 },
    );
  });

  it('a key rebuilt from scratch (new objects, other property order) has the same encoding and identity', () => {
    fc.assert(
      fc.property(anyKey, (k) => {
        const again = rebuilt(k);
        expect(encodeKey(again)).toBe(encodeKey(k));
        expect(sameValueZero(keyId(again), keyId(k))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('the fast path for flat arrays of strings and numbers gives the identity the general encoding gives', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ unit: 'binary', maxLength: 4 }), fc.double(), fc.constantFrom('"', '\\', '\n', '\ud800')), { maxLength: 4 }), (a) => {
        expect(keyId(a)).toBe(`\u0001${encodeKey(a)}`);
      }),
      { numRuns: 300 },
    );
  });

  it('the fast path for flat plain objects of strings and numbers gives the identity the general encoding gives', () => {
    const value = fc.oneof(fc.string({ unit: 'binary', maxLength: 4 }), fc.double(), fc.constantFrom('"', '\\', '\n', '\ud800'));
    const name = fc.oneof(fc.constantFrom('a', 'b', 'user', 'region', '"', '\\', 'é', 'B', '1', '10', '2'), fc.string({ unit: 'binary', maxLength: 3 }));
    fc.assert(
      fc.property(fc.dictionary(name, value, { maxKeys: 4 }), fc.boolean(), (o, bare) => {
        const key = bare ? Object.assign(Object.create(null) as object, o) : o;
        expect(keyId(key)).toBe(`\u0001${encodeKey(key)}`);
        // Objects of one shape in a row take the cached order of names.
        expect(keyId(rebuilt(key))).toBe(keyId(key));
      }),
      { numRuns: 300 },
    );
    class Point {
      constructor(readonly x: number) {}
    }
    expect(() => keyId(new Point(1))).toThrow(new TypeError(`${KEY_RULE}, got an instance of Point`));
  });

  it('a string that looks like an encoding is still a string key', () => {
    for (const [s, k] of [
      ['[1]', [1]],
      ['"a"', 'a'],
      ['\u0001[1]', [1]],
      ['\u0001"a"', '\u0001'],
    ] as const) {
      expect(sameValueZero(keyId(s), keyId(k))).toBe(false);
    }
  });
});
