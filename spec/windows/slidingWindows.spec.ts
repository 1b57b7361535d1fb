import fc from 'fast-check';
import { defaultPeriod, END_OF_GLOBAL_WINDOW, MAX_TIMESTAMP, MAX_WINDOWS_PER_ELEMENT, slidingWindows, type Window } from '../../src/index';

const w = (start: number, end: number): Window => ({ start, end, maxTimestamp: end - 1 });

describe('slidingWindows', () => {
  it('says whether it partitions time (every time in exactly the window that contains it): no, a time is in several windows', () => {
    expect(slidingWindows(10, 5).partitionsTime).toBe(undefined);
  });

  it('gives size/period windows per element when the period divides the size, newest first', () => {
    expect(slidingWindows(60_000, 10_000).assign(65_000)).toEqual([
      w(60_000, 120_000),
      w(50_000, 110_000),
      w(40_000, 100_000),
      w(30_000, 90_000),
      w(20_000, 80_000),
      w(10_000, 70_000),
    ]);
  });

  it('at a period boundary the element starts a new window and leaves the oldest one', () => {
    const fn = slidingWindows(30, 10);
    expect(fn.assign(20)).toEqual([w(20, 50), w(10, 40), w(0, 30)]);
    expect(fn.assign(19)).toEqual([w(10, 40), w(0, 30), w(-10, 20)]);
    expect(fn.assign(-1)).toEqual([w(-10, 20), w(-20, 10), w(-30, 0)]);
  });

  it('when the period does not divide the size, the count depends on where in the period the time falls (no stale reuse)', () => {
    const fn = slidingWindows(25, 10);
    // Both times are in the period starting at 20; windows are those with start > t - 25.
    expect(fn.assign(24)).toEqual([w(20, 45), w(10, 35), w(0, 25)]);
    expect(fn.assign(25)).toEqual([w(20, 45), w(10, 35)]);
    expect(fn.assign(24)).toEqual([w(20, 45), w(10, 35), w(0, 25)]);
    expect(fn.assign(20)).toEqual([w(20, 45), w(10, 35), w(0, 25)]);
    expect(fn.assign(29)).toEqual([w(20, 45), w(10, 35)]);
  });

  it('every window contains the timestamp', () => {
    const fn = slidingWindows(25, 10, 3);
    for (let t = -40; t <= 40; t++) {
      const windows = fn.assign(t);
      expect(windows.length).toBeGreaterThanOrEqual(2);
      for (const win of windows) expect(win.start <= t && t < win.end).toBe(true);
      // No window is missing: the next older start would not contain t.
      const oldest = windows[windows.length - 1];
      expect(oldest.start - 10 + 25 <= t).toBe(true);
    }
  });

  it('a period longer than the size leaves gaps: a time in a gap gets no window', () => {
    const fn = slidingWindows(10, 20);
    expect(fn.assign(5)).toEqual([w(0, 10)]);
    expect(fn.assign(9)).toEqual([w(0, 10)]);
    expect(fn.assign(10)).toEqual([]);
    expect(fn.assign(19)).toEqual([]);
    expect(fn.assign(20)).toEqual([w(20, 30)]);
    expect(fn.assign(-5)).toEqual([]);
    expect(fn.assign(-11)).toEqual([w(-20, -10)]);
    expect(slidingWindows(10, 20, 5).assign(4)).toEqual([]);
    expect(slidingWindows(10, 20, 5).assign(14)).toEqual([w(5, 15)]);
    expect(Object.isFrozen(fn.assign(15))).toBe(true);
  });

  it('gives every time exactly the windows offset + j * period that contain it, newest first, cached or not, in any order', () => {
    const shape = fc
      .record({ size: fc.integer({ min: 1, max: 60 }), period: fc.integer({ min: 1, max: 40 }) })
      .chain(({ size, period }) => fc.record({ size: fc.constant(size), period: fc.constant(period), offset: fc.integer({ min: 0, max: period - 1 }) }));
    const time = fc.oneof(fc.integer({ min: -200, max: 200 }), fc.integer({ min: -1e13, max: 1e13 }), fc.double({ min: -200, max: 200, noNaN: true }));
    fc.assert(
      fc.property(shape, fc.array(time, { minLength: 1, maxLength: 30 }), ({ size, period, offset }, times) => {
        const fn = slidingWindows(size, period, offset);
        for (const t of [...times, ...times.map((x) => x + 1), ...times.map((x) => x - period), ...times]) {
          // By the definition: every start offset + k * period near t whose window holds t, newest first.
          const expected: Window[] = [];
          const k0 = Math.floor((t - offset) / period);
          for (let k = k0 + 2; k >= k0 - Math.ceil(size / period) - 2; k--) {
            const s = offset + k * period;
            if (s <= t && t < s + size) expected.push(w(s, s + size));
          }
          expect(fn.assign(t)).toEqual(expected);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a new answer reuses the window objects it shares with the previous one', () => {
    const fn = slidingWindows(60_000, 10_000);
    const first = fn.assign(65_000);
    const next = fn.assign(75_000);
    expect(next[0]).toEqual(w(70_000, 130_000));
    for (let k = 1; k < 6; k++) expect(next[k]).toBe(first[k - 1]);
    const uneven = slidingWindows(25, 10);
    const a = uneven.assign(24);
    const b = uneven.assign(34);
    expect(b).toEqual([w(30, 55), w(20, 45), w(10, 35)]);
    expect([b[1], b[2]]).toEqual([a[0], a[1]]);
    expect(b[1]).toBe(a[0]);
  });

  it('windows are cut at the end of the global window; a later time gets no window', () => {
    const fn = slidingWindows(30, 10);
    const end = { start: 0, end: END_OF_GLOBAL_WINDOW + 1, maxTimestamp: END_OF_GLOBAL_WINDOW };
    expect(fn.assign(END_OF_GLOBAL_WINDOW)).toEqual([
      { ...end, start: END_OF_GLOBAL_WINDOW },
      { ...end, start: END_OF_GLOBAL_WINDOW - 10 },
      { ...end, start: END_OF_GLOBAL_WINDOW - 20 },
    ]);
    expect(fn.assign(END_OF_GLOBAL_WINDOW - 1)).toEqual([
      { ...end, start: END_OF_GLOBAL_WINDOW - 10 },
      { ...end, start: END_OF_GLOBAL_WINDOW - 20 },
      w(END_OF_GLOBAL_WINDOW - 30, END_OF_GLOBAL_WINDOW),
    ]);
    expect(fn.assign(END_OF_GLOBAL_WINDOW + 1)).toEqual([]);
    expect(fn.assign(MAX_TIMESTAMP)).toEqual([]);
    // A size far beyond the range of event times: the window still ends at the end of the global window.
    expect(slidingWindows(1e16, 5e15).assign(0)).toEqual([{ ...end, start: 0 }, w(-5e15, 5e15)]);
  });

  it('shifts windows by the offset', () => {
    expect(slidingWindows(60_000, 10_000, 5_000).assign(65_000)).toEqual([
      w(65_000, 125_000),
      w(55_000, 115_000),
      w(45_000, 105_000),
      w(35_000, 95_000),
      w(25_000, 85_000),
      w(15_000, 75_000),
    ]);
    expect(slidingWindows(60_000, 10_000, 5_000).description).toBe('sliding(60000, 10000, 5000)');
  });

  it("default period: the largest of 1 h, 1 min, 1 s, 1 ms that is strictly smaller than the size (Beam's rule)", () => {
    expect(defaultPeriod(7_200_000)).toBe(3_600_000);
    expect(defaultPeriod(3_600_001)).toBe(3_600_000);
    expect(defaultPeriod(3_600_000)).toBe(60_000);
    expect(defaultPeriod(61_000)).toBe(60_000);
    expect(defaultPeriod(60_000)).toBe(1_000);
    expect(defaultPeriod(1_001)).toBe(1_000);
    expect(defaultPeriod(1_000)).toBe(1);
    expect(defaultPeriod(2)).toBe(1);
    // Used when no period is given: 2 min windows every minute.
    expect(slidingWindows(120_000).assign(0)).toEqual([w(0, 120_000), w(-60_000, 60_000)]);
    expect(slidingWindows(120_000).description).toBe('sliding(120000, 60000, 0)');
  });

  describe('bad options throw at build time, naming operator, rule and value', () => {
    it('size and period', () => {
      expect(() => slidingWindows(-5, 1)).toThrow(new RangeError('slidingWindows: size must be a positive finite number of ms, got -5'));
      expect(() => slidingWindows(60, 0)).toThrow(new RangeError('slidingWindows: period must be a positive finite number of ms, got 0'));
      expect(() => slidingWindows(60, Number.NaN)).toThrow(new RangeError('slidingWindows: period must be a positive finite number of ms, got NaN'));
    });

    it('offset in [0, period)', () => {
      expect(() => slidingWindows(60, 10, 10)).toThrow(new RangeError('slidingWindows: offset must be a finite number of ms in [0, period), got 10'));
      expect(() => slidingWindows(60, 10, -1)).toThrow(new RangeError('slidingWindows: offset must be a finite number of ms in [0, period), got -1'));
      expect(slidingWindows(60, 10, 9).assign(0)[0]).toEqual(w(-1, 59));
    });

    it('too many windows per element', () => {
      expect(MAX_WINDOWS_PER_ELEMENT).toBe(10_000);
      expect(() => slidingWindows(10_001, 1)).toThrow(
        new RangeError('slidingWindows: size / period must be at most 10000 windows per element, got 10001 / 1 = 10001'),
      );
      expect(slidingWindows(10_000, 1).assign(0)).toHaveLength(10_000);
    });
  });
});
