import fc from 'fast-check';
import { encodeKey, keyId } from '../../src/core/keyEncoding';
import { keyCoder } from '../../src/state';

const leaf = fc.oneof(
  fc.string({ maxLength: 4, unit: 'binary' }),
  fc.constantFrom('\u0001', '\u0001x', '"a"', '\\', '[1]', 'Date(0)', '1n', 'null', '\ud800', '😀'),
  fc.double(),
  fc.constantFrom(-0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e21, 5e-324, Number.MAX_VALUE),
  fc.bigInt(),
  fc.boolean(),
  fc.constant(null),
  fc.integer({ min: -8.64e15, max: 8.64e15 }).map((t) => new Date(t)),
);
const name = fc.oneof(fc.constantFrom('a', 'b', '__proto__', '', '"', 'a b', '\u0001'), fc.string({ maxLength: 3 }));
const { key: anyKey } = fc.letrec<{ key: unknown }>((tie) => ({
  key: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('key'), { maxLength: 3 }),
    fc.dictionary(name, tie('key'), { maxKeys: 3 }),
  ),
}));

/** The key after a snapshot: encoded, written as JSON text, read back and decoded. */
function throughJson(k: unknown): unknown {
  return keyCoder.decode(JSON.parse(JSON.stringify(keyCoder.encode(k))));
}

/**
 * Throws unless `b` is `a` rebuilt: the same types all the way down (a Date a Date, a bigint a bigint, an
 * array an array, a plain object with Object.prototype), numbers equal as Map keys compare them.
 */
function expectSameKey(a: unknown, b: unknown, path = 'key'): void {
  if (typeof a === 'number') {
    expect(typeof b).toBe('number');
    // -0 is the key 0, so it may come back as 0; every other number comes back exactly.
    expect(Object.is(a === 0 ? 0 : a, b)).toBe(true);
  } else if (a instanceof Date) {
    expect(b).toBeInstanceOf(Date);
    expect((b as Date).getTime()).toBe(a.getTime());
  } else if (Array.isArray(a)) {
    expect(Array.isArray(b)).toBe(true);
    expect((b as unknown[]).length).toBe(a.length);
    a.forEach((x, i) => expectSameKey(x, (b as unknown[])[i], `${path}[${i}]`));
  } else if (typeof a === 'object' && a !== null) {
    expect(Object.getPrototypeOf(b)).toBe(Object.prototype);
    expect(Object.keys(b as object).sort()).toEqual(Object.keys(a).sort());
    for (const n of Object.keys(a)) {
      expect(Object.getOwnPropertyDescriptor(b, n)?.enumerable).toBe(true);
      expectSameKey((a as Record<string, unknown>)[n], (b as Record<string, unknown>)[n], `${path}.${n}`);
    }
  } else {
    expect(b).toBe(a);
  }
}

/** The same key built anew: fresh arrays, objects and Dates, properties in reverse order, 0 as -0. */
function rebuilt(k: unknown): unknown {
  if (k === 0) return -0;
  if (k instanceof Date) return new Date(k.getTime());
  if (Array.isArray(k)) return k.map(rebuilt);
  if (typeof k === 'object' && k !== null) {
    const out: Record<string, unknown> = {};
    for (const n of Object.keys(k).reverse()) {
      Object.defineProperty(out, n, { value: rebuilt((k as Record<string, unknown>)[n]), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return k;
}

describe('keyCoder: keys in a snapshot', () => {
  it('a key comes back the same key, of the same type and shape, through JSON text', () => {
    fc.assert(
      fc.property(anyKey, (k) => {
        const back = throughJson(k);
        expect(encodeKey(back)).toBe(encodeKey(k));
        expect(Object.is(keyId(back), keyId(k)) || keyId(back) === keyId(k)).toBe(true);
        expectSameKey(k, back);
      }),
      { numRuns: 2000 },
    );
  });

  it('equal keys encode to identical JSON text, whatever their property order, and -0 as 0', () => {
    fc.assert(
      fc.property(anyKey, (k) => {
        expect(JSON.stringify(keyCoder.encode(rebuilt(k)))).toBe(JSON.stringify(keyCoder.encode(k)));
      }),
      { numRuns: 1000 },
    );
  });

  it('different keys encode to different text', () => {
    fc.assert(
      fc.property(anyKey, anyKey, (a, b) => {
        expect(keyCoder.encode(a) === keyCoder.encode(b)).toBe(encodeKey(a) === encodeKey(b));
      }),
    );
  });

  it('keeps apart keys that JSON alone would confuse', () => {
    const keys = [1, '1', 1n, true, 'true', null, 'null', new Date(1), 'Date(1)', [1], ['1'], { a: 1 }, { a: '1' }, Number.NaN, 'NaN', Number.POSITIVE_INFINITY];
    const texts = keys.map((k) => JSON.stringify(keyCoder.encode(k)));
    expect(new Set(texts).size).toBe(keys.length);
    expect(keyCoder.decode(keyCoder.encode(Number.NaN))).toBeNaN();
    expect(keyCoder.decode(keyCoder.encode(-1n))).toBe(-1n);
    expect(keyCoder.decode(keyCoder.encode({ at: new Date(5), user: 'u1' }))).toEqual({ at: new Date(5), user: 'u1' });
  });

  it('writes a key as its encodeKey text', () => {
    expect(keyCoder.encode({ user: 'u1', at: new Date(0) })).toBe('{"at":Date(0),"user":"u1"}');
    expect(keyCoder.encode([1n, 'eu', -0])).toBe('[1n,"eu",0]');
  });

  it('an own property named __proto__ comes back an own property, not the prototype', () => {
    const k = JSON.parse('{"__proto__":{"x":1}}') as Record<string, unknown>;
    const back = keyCoder.decode(keyCoder.encode(k)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.keys(back)).toEqual(['__proto__']);
    expect(encodeKey(back)).toBe(encodeKey(k));
  });

  it('refuses to encode what is no key, with the TypeError of encodeKey', () => {
    expect(() => keyCoder.encode(undefined)).toThrow(new TypeError('a key must be a string, number, bigint, boolean, null, a valid Date, or an array or plain object of these, got undefined (a missing key)'));
    expect(() => keyCoder.encode({ a: [new Map()] })).toThrow(/got an instance of Map at key\.a\[0\]$/);
  });

  it.each([
    [42, 'a key from 42'],
    [['a'], 'a key from ["a"]'],
    ['', 'a key (at character 0) from ""'],
    ['"a', 'a key (at character 0) from "\\"a"'],
    ['01', 'a key (at character 2) from "01"'],
    ['1.', 'a key (at character 2) from "1."'],
    [' 1', 'a key (at character 2) from " 1"'],
    ['[1,]', 'a key (at character 3) from "[1,]"'],
    ['[1] ', 'a key (at character 3) from "[1] "'],
    ['Date(x)', 'a key (at character 0) from "Date(x)"'],
    ['undefined', 'a key (at character 9) from "undefined"'],
    ['{"b":1,"a":2}', 'a key (not in canonical form) from "{\\"b\\":1,\\"a\\":2}"'],
    ['1e2', 'a key (at character 3) from "1e2"'],
    ['-0', 'a key (at character 2) from "-0"'],
  ])('refuses to decode %j, which no key encodes to', (text, expected) => {
    expect(() => keyCoder.decode(text)).toThrow(new TypeError(`keyCoder: cannot decode ${expected}`));
  });

  it('refuses text nested deeper than any key, before the stack runs out', () => {
    expect(() => keyCoder.decode('['.repeat(100_000))).toThrow(TypeError);
  });
});
