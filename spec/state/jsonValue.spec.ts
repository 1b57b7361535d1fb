import fc from 'fast-check';
import { jsonValueCoder } from '../../src/state';
import { anyValue } from './arbitraries';

/** The JSON text of an encoded value, checked to read back as exactly what was written (no NaN turned null, no -0 turned 0). */
function text(encoded: unknown): string {
  const t = JSON.stringify(encoded);
  expect(JSON.parse(t)).toStrictEqual(encoded);
  return t;
}

describe('jsonValueCoder: user values in accumulators', () => {
  it('a value comes back equal, with its types (-0, NaN, bigint, Date, undefined), through JSON text', () => {
    fc.assert(
      fc.property(anyValue, (v) => {
        const back = jsonValueCoder.decode(JSON.parse(text(jsonValueCoder.encode(v))));
        expect(back).toStrictEqual(v);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves JSON values as they are', () => {
    const v = { user: 'u1', tags: ['a', 'b'], n: 1.5, ok: true, none: null };
    expect(jsonValueCoder.encode(v)).toEqual(v);
  });

  it('writes what JSON cannot hold as tags, and a user object shaped like a tag wrapped', () => {
    expect(JSON.stringify(jsonValueCoder.encode([-0, Number.NaN, Number.NEGATIVE_INFINITY, 12n, new Date(5), undefined]))).toBe(
      '[{"$number":"-0"},{"$number":"NaN"},{"$number":"-Infinity"},{"$bigint":"12"},{"$date":5},{"$undefined":true}]',
    );
    expect(JSON.stringify(jsonValueCoder.encode({ $date: 5 }))).toBe('{"$object":{"$date":5}}');
    expect(jsonValueCoder.decode({ $object: { $date: 5 } })).toStrictEqual({ $date: 5 });
    expect(jsonValueCoder.encode({ $date: 5, x: 1 })).toStrictEqual({ $date: 5, x: 1 });
    const invalid = jsonValueCoder.decode(jsonValueCoder.encode(new Date(Number.NaN)));
    expect(invalid).toBeInstanceOf(Date);
    expect((invalid as Date).getTime()).toBeNaN();
  });

  it('gives back new objects: two references to one object become two equal objects', () => {
    const shared = { a: 1 };
    const [x, y] = jsonValueCoder.decode(jsonValueCoder.encode([shared, shared])) as object[];
    expect(x).toEqual(shared);
    expect(x).not.toBe(y);
  });

  class Point {
    constructor(readonly x: number) {}
  }
  const cyclic: Record<string, unknown> = { a: [] };
  (cyclic.a as unknown[]).push(cyclic);

  it.each([
    [[{}, {}, {}, { tags: new Map() }], 'a Map at [3].tags'],
    [{ s: new Set([1]) }, 'a Set at .s'],
    [{ 'a b': [new Uint8Array(2)] }, 'a Uint8Array at ["a b"][0]'],
    [[new Point(1)], 'a Point at [0]'],
    [{ f: function named() {} }, 'a function (named) at .f'],
    [[Symbol('s')], 'a symbol at [0]'],
    [new Error('x'), 'an Error'],
    [cyclic, 'a value that contains itself at .a[0]'],
  ])('refuses %p, naming what and where', (v, what) => {
    expect(() => jsonValueCoder.encode(v)).toThrow(new TypeError(`jsonValueCoder: cannot encode ${what}`));
  });

  it('refuses a value nested deeper than 1000', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 1001; i++) deep = [deep];
    expect(() => jsonValueCoder.encode(deep)).toThrow(/^jsonValueCoder: cannot encode a value nested deeper than 1000 at (\[0\]){1000}$/);
  });

  it.each([
    [{ $nope: 1 }, 'a value from {"$nope":1}'],
    [{ $bigint: '1.5' }, 'a value from {"$bigint":"1.5"}'],
    [[1, { a: { $undefined: 1 } }], 'a value at [1].a from {"$undefined":1}'],
    [{ $number: 'nan' }, 'a value from {"$number":"nan"}'],
  ])('refuses to decode %j, which it never writes', (e, expected) => {
    expect(() => jsonValueCoder.decode(e)).toThrow(new TypeError(`jsonValueCoder: cannot decode ${expected}`));
  });
});
