import fc from 'fast-check';
import { END_OF_GLOBAL_WINDOW, fixedWindows, MAX_TIMESTAMP, type Window } from '../../src/index';
import { floorMod } from '../../src/internal/math';

const w = (start: number, end: number): Window => ({ start, end, maxTimestamp: end - 1 });

describe('fixedWindows', () => {
  it('says whether it partitions time (every time in exactly the window that contains it): yes', () => {
    expect(fixedWindows(10, 3).partitionsTime).toBe(true);
  });

  const minute = fixedWindows(60_000);

  it('puts a timestamp in the window [k*size, (k+1)*size) that contains it', () => {
    expect(minute.assign(61_000)).toEqual([w(60_000, 120_000)]);
    expect(minute.assign(0)).toEqual([w(0, 60_000)]);
    expect(minute.assign(119_999)).toEqual([w(60_000, 120_000)]);
  });

  it('an element exactly at a boundary starts the next window; one ms earlier is the maxTimestamp of the previous one', () => {
    expect(minute.assign(60_000)).toEqual([w(60_000, 120_000)]);
    expect(minute.assign(59_999)).toEqual([w(0, 60_000)]);
    expect(minute.assign(59_999)[0].maxTimestamp).toBe(59_999);
  });

  it('uses floor modulo, so timestamps before the epoch get the window that contains them', () => {
    expect(minute.assign(-1)).toEqual([w(-60_000, 0)]);
    expect(minute.assign(-60_000)).toEqual([w(-60_000, 0)]);
    expect(minute.assign(-60_001)).toEqual([w(-120_000, -60_000)]);
    // Java's remainder would give [-60000+..., ...) windows that do not contain the time; every window must contain t.
    for (const t of [-1, -59_999, -60_000, -60_001, -1_234_567]) {
      const [win] = minute.assign(t);
      expect(win.start <= t && t < win.end).toBe(true);
    }
    expect(floorMod(-1, 60)).toBe(59);
    expect(floorMod(-60, 60) === 0).toBe(true);
    expect(floorMod(61, 60)).toBe(1);
  });

  it('shifts windows by the offset', () => {
    const shifted = fixedWindows(60_000, 10_000);
    expect(shifted.assign(5_000)).toEqual([w(-50_000, 10_000)]);
    expect(shifted.assign(10_000)).toEqual([w(10_000, 70_000)]);
    expect(shifted.assign(9_999)).toEqual([w(-50_000, 10_000)]);
    expect(shifted.assign(-50_001)).toEqual([w(-110_000, -50_000)]);
    expect(shifted.description).toBe('fixed(60000, 10000)');
  });

  it('gives correct answers when called alternately across windows (no stale reuse)', () => {
    const fn = fixedWindows(10);
    expect(fn.assign(5)).toEqual([w(0, 10)]);
    expect(fn.assign(15)).toEqual([w(10, 20)]);
    expect(fn.assign(7)).toEqual([w(0, 10)]);
    expect(fn.assign(-3)).toEqual([w(-10, 0)]);
  });

  it('the cached fast path gives every time the window a fresh function gives it, in any order', () => {
    const time = fc.oneof(
      fc.integer({ min: -1e13, max: 1e13 }),
      fc.double({ min: -1e13, max: 1e13, noNaN: true }),
      fc.double({ min: -200, max: 200, noNaN: true }),
      fc.integer({ min: -200, max: 200 }),
    );
    const shape = fc.oneof(
      fc.integer({ min: 1, max: 100 }).chain((size) => fc.record({ size: fc.constant(size), offset: fc.integer({ min: 0, max: size - 1 }) })),
      fc.record({ size: fc.constantFrom(60_000, 0.5, 2.5), offset: fc.constant(0) }),
      fc.record({ size: fc.constant(10.5), offset: fc.constantFrom(0, 0.25, 10) }),
    );
    fc.assert(
      fc.property(shape, fc.array(time, { minLength: 1, maxLength: 40 }), ({ size, offset }, times) => {
        const fn = fixedWindows(size, offset);
        for (const t of [...times, ...times.map((x) => x - size / 2), ...times]) {
          const [win] = fn.assign(t);
          expect(win).toEqual(fixedWindows(size, offset).assign(t)[0]);
          expect(win.start <= t && t < win.end).toBe(true);
          // Integer sizes and offsets: starts are exact multiples of the size from the offset.
          if (Number.isInteger(size)) expect(Number.isInteger(win.start) && floorMod(win.start - offset, size) === 0).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a fractional time with an offset gets the integer window start', () => {
    expect(fixedWindows(51, 35).assign(8.881784197001254e-16)).toEqual([w(-16, 35)]);
    expect(fixedWindows(60_000).assign(60_000.3)).toEqual([w(60_000, 120_000)]);
  });

  it('cuts the last window at the end of the global window', () => {
    const week = fixedWindows(604_800_000);
    // The natural window would be [8639999827200000, 8640000432000000).
    expect(week.assign(END_OF_GLOBAL_WINDOW)).toEqual([{ start: 8639999827200000, end: 8639999913600001, maxTimestamp: END_OF_GLOBAL_WINDOW }]);
    expect(week.assign(END_OF_GLOBAL_WINDOW - 1)[0].maxTimestamp).toBe(END_OF_GLOBAL_WINDOW);
    // A window that ends before the end of the global window is untouched.
    expect(week.assign(8639999827199999)).toEqual([w(8639999222400000, 8639999827200000)]);
  });

  it('gives a time after the end of the global window no window, also right after the cut window was cached', () => {
    for (const fn of [fixedWindows(604_800_000), fixedWindows(60_000, 5), fixedWindows(2.5)]) {
      expect(fn.assign(END_OF_GLOBAL_WINDOW)[0]).toMatchObject({ end: END_OF_GLOBAL_WINDOW + 1, maxTimestamp: END_OF_GLOBAL_WINDOW });
      expect(fn.assign(END_OF_GLOBAL_WINDOW + 1)).toEqual([]);
      expect(fn.assign(END_OF_GLOBAL_WINDOW)[0].maxTimestamp).toBe(END_OF_GLOBAL_WINDOW);
      expect(fn.assign(MAX_TIMESTAMP)).toEqual([]);
    }
    const week = fixedWindows(604_800_000);
    expect(week.assign(END_OF_GLOBAL_WINDOW - 1)).toBe(week.assign(END_OF_GLOBAL_WINDOW));
    expect(week.assign(END_OF_GLOBAL_WINDOW + 1)).toEqual([]);
  });

  it('returns frozen windows', () => {
    const [win] = minute.assign(1);
    expect(Object.isFrozen(win)).toBe(true);
    expect(Object.isFrozen(minute.assign(1))).toBe(true);
  });

  describe('bad options throw at build time, naming operator, rule and value', () => {
    it.each([
      [-5, 'fixedWindows: size must be a positive finite number of ms, got -5'],
      [0, 'fixedWindows: size must be a positive finite number of ms, got 0'],
      [Number.NaN, 'fixedWindows: size must be a positive finite number of ms, got NaN'],
      [Number.POSITIVE_INFINITY, 'fixedWindows: size must be a positive finite number of ms, got Infinity'],
      ['60' as unknown as number, 'fixedWindows: size must be a positive finite number of ms, got "60"'],
      [undefined as unknown as number, 'fixedWindows: size must be a positive finite number of ms, got undefined'],
    ])('size %p', (size, message) => {
      expect(() => fixedWindows(size)).toThrow(new RangeError(message));
      expect(() => fixedWindows(size)).toThrow(RangeError);
    });

    it.each([
      [60, 'fixedWindows: offset must be a finite number of ms in [0, size), got 60'],
      [61, 'fixedWindows: offset must be a finite number of ms in [0, size), got 61'],
      [-1, 'fixedWindows: offset must be a finite number of ms in [0, size), got -1'],
      [Number.NaN, 'fixedWindows: offset must be a finite number of ms in [0, size), got NaN'],
    ])('offset %p with size 60', (offset, message) => {
      expect(() => fixedWindows(60, offset)).toThrow(new RangeError(message));
    });

    it('accepts the largest valid offset', () => {
      expect(fixedWindows(60, 59).assign(0)).toEqual([w(-1, 59)]);
    });
  });
});
