import { describeValue } from '../src/time';
import { afterWatermarkTrigger, afterCount, fixedWindow } from '../src/index';

describe('describeValue: every kind of value is named as written, and never throws', () => {
  it.each<[string, unknown, string]>([
    ['a BigInt keeps its n', 5n, '5n'],
    ['a negative BigInt', -12n, '-12n'],
    ['negative zero keeps its sign', -0, '-0'],
    ['zero', 0, '0'],
    ['NaN', Number.NaN, 'NaN'],
    ['-Infinity', Number.NEGATIVE_INFINITY, '-Infinity'],
    ['a short string, quoted', 'abc', '"abc"'],
    ['a symbol, as it is written', Symbol('tick'), 'Symbol("tick")'],
    ['a symbol without a description', Symbol(), 'Symbol()'],
    ['null', null, 'null'],
    ['undefined', undefined, 'undefined'],
    ['an array, by its length', [1, 2, 3], 'an array of length 3'],
    ['a plain object, by its type', { a: 1 }, 'an object (Object)'],
    ['a Map', new Map(), 'an object (Map)'],
    ['a Date', new Date(0), 'a Date (1970-01-01T00:00:00.000Z)'],
    ['an invalid Date', new Date(Number.NaN), 'a Date (Invalid Date)'],
  ])('%s', (_what, value, shown) => {
    expect(describeValue(value)).toBe(shown);
  });

  it('names a function by its name, so that a factory passed without calling it is recognisable', () => {
    expect(describeValue(afterCount)).toBe('a function (afterCount)');
    expect(describeValue(() => 1)).toBe('a function');
    expect(() => afterWatermarkTrigger({ early: afterCount as never })).toThrow(
      new TypeError('afterWatermark: early must be a trigger (built by a Trigger factory), got a function (afterCount)'),
    );
  });

  it('cuts a long string, saying how long it was, without splitting a surrogate pair', () => {
    expect(describeValue('x'.repeat(1000))).toBe(`"${'x'.repeat(64)}…" (1000 characters)`);
    // 63 x then an emoji whose first half is character 64: the pair is left out whole.
    expect(describeValue(`${'x'.repeat(63)}\u{1F600}tail`)).toBe(`"${'x'.repeat(63)}…" (69 characters)`);
  });

  it('escapes control characters, so a message never carries a terminal escape sequence or a bidi override', () => {
    expect(describeValue('a\u001b[31mred\u0007')).toBe('"a\\u001b[31mred\\u0007"');
    // C1 CSI (a terminal escape on its own), DEL, right-to-left override, a lone surrogate.
    expect(describeValue('a\u009b2Jb\u007fc\u202ed\ud800')).toBe('"a\\u009b2Jb\\u007fc\\u202ed\\ud800"');
    expect(describeValue(Symbol('\u001b]0;title\u0007'))).toBe('Symbol("\\u001b]0;title\\u0007")');
    const named = () => 1;
    Object.defineProperty(named, 'name', { value: 'evil\u001b[2J' });
    expect(describeValue(named)).toBe('a function (evil\\u001b[2J)');
  });

  it('never runs the value’s own code: throwing getters, toString, proxies and cycles are named safely', () => {
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    const revocable = Proxy.revocable({}, {});
    revocable.revoke();
    const throwingTag = {
      get [Symbol.toStringTag](): string {
        throw new Error('tag');
      },
    };
    const throwingToString = {
      toString(): string {
        throw new Error('toString');
      },
    };
    const throwingName = () => 1;
    Object.defineProperty(throwingName, 'name', {
      get(): string {
        throw new Error('name');
      },
    });
    expect(describeValue(cyclic)).toBe('an object (Object)');
    expect(describeValue(revocable.proxy)).toBe('an object');
    expect(describeValue(throwingTag)).toBe('an object');
    expect(describeValue(throwingToString)).toBe('an object (Object)');
    expect(describeValue(throwingName)).toBe('a function');
    expect(describeValue(Object.create(Date.prototype))).toBe('an object');
  });

  it('is what an option error shows: a BigInt size reads as a BigInt', () => {
    expect(() => fixedWindow(5n as never)).toThrow(new RangeError('fixedWindow: size must be a positive finite number of ms, got 5n'));
  });
});
