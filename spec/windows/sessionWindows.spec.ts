import {
  DEFAULT_STRATEGY,
  END_OF_GLOBAL_WINDOW,
  mergeOverlappingWindows,
  sameStrategy,
  sessionWindow,
  sessionWindows,
} from '../../src/index';

/** A visit with its own idle limit: the session it is in stays open `gap` seconds after it. */
interface Visit {
  readonly user: string;
  readonly t: number;
  readonly gap: unknown;
}

const s = 1000;
const visit = (user: string, t: number, gap: unknown): Visit => ({ user, t: t * s, gap: typeof gap === 'number' ? gap * s : gap });
const win = (start: number, end: number) => ({ start: start * s, end: end * s, maxTimestamp: end * s - 1 });
const gapOf = (v: Visit) => v.gap as number;

describe('sessionWindows with a gap per element', () => {
  it('each element opens [t, t + gap(value)); the fixed-gap form and the end of the global window are as before', () => {
    const fn = sessionWindows(gapOf);
    expect(fn.isMerging).toBe(true);
    expect(fn.mergeWindows).toBe(mergeOverlappingWindows);
    expect(fn.assign(10 * s, visit('a', 10, 5))).toEqual([win(10, 15)]);
    expect(fn.assign(10 * s, visit('a', 10, 0.5))).toEqual([win(10, 10.5)]);
    expect(fn.assign(END_OF_GLOBAL_WINDOW - 5, { gap: 10 })).toEqual([{ start: END_OF_GLOBAL_WINDOW - 5, end: END_OF_GLOBAL_WINDOW + 1, maxTimestamp: END_OF_GLOBAL_WINDOW }]);
    expect(fn.assign(END_OF_GLOBAL_WINDOW + 1, { gap: 10 })).toEqual([]);
  });

  it('a gap that is not a positive finite number, or a gap function that throws, is refused naming the rule and the value', () => {
    const fn = sessionWindows(gapOf, 'sessionWindow');
    expect(() => fn.assign(0, { gap: -5 })).toThrow(new RangeError('sessionWindow: gap must be a positive finite number of ms, got -5 for an object (Object)'));
    expect(() => fn.assign(0, { gap: 0 })).toThrow('sessionWindow: gap must be a positive finite number of ms, got 0 for an object (Object)');
    expect(() => fn.assign(0, { gap: NaN })).toThrow('got NaN');
    expect(() => fn.assign(0, { gap: Infinity })).toThrow('got Infinity');
    expect(() => fn.assign(0, { gap: '5' })).toThrow('got "5"');
    const boom = new Error('no gap');
    const throwing = sessionWindows(() => {
      throw boom;
    }, 'sessionWindow');
    let thrown: unknown;
    try {
      throwing.assign(0, { user: 'a' });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toEqual(new Error('sessionWindow: the gap function threw for an object (Object): no gap'));
    expect((thrown as Error).cause).toBe(boom);
  });

  it('a fixed gap is still checked when the operator is built', () => {
    expect(() => sessionWindow(0)).toThrow(new RangeError('sessionWindow: gap must be a positive finite number of ms, got 0'));
    expect(() => sessionWindow('5' as never)).toThrow(new RangeError('sessionWindow: gap must be a positive finite number of ms, got "5"'));
  });

  it('strategies with the same gap function are the same; with different ones they differ', () => {
    const other = (v: Visit) => (v.gap as number) * 2;
    const a = { ...DEFAULT_STRATEGY, windowFn: sessionWindows(gapOf) };
    expect(sameStrategy(a, { ...DEFAULT_STRATEGY, windowFn: sessionWindows(gapOf) })).toBe(true);
    expect(sameStrategy(a, { ...DEFAULT_STRATEGY, windowFn: sessionWindows(other) })).toBe(false);
    expect(a.windowFn.description).toMatch(/^sessions\(gap per element gapOf #\d+\)$/);
  });
});
