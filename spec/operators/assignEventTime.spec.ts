import { of } from 'rxjs';
import { assignEventTime, MAX_TIMESTAMP, monotonicTimestamps, type EventTimeRecord } from '../../src/index';
import { errorOf, observe, testScheduler } from '../helpers/virtualTime';

const el = <T>(value: T, timestamp: number): EventTimeRecord<T> => ({ kind: 'element', value, timestamp });
const wm = (watermark: number): EventTimeRecord<never> => ({ kind: 'watermark', watermark });

describe('assignEventTime', () => {
  it('stamps values and sends the watermark once after each synchronous burst, +infinity on completion (marbles)', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a 19ms b 9ms |', { a: 5, b: 30 });
      expectObservable(source.pipe(assignEventTime((v: number) => v))).toBe('(aw) 16ms (bx) 6ms (m|)', {
        a: el(5, 5),
        w: wm(5),
        b: el(30, 30),
        x: wm(30),
        m: wm(MAX_TIMESTAMP),
      });
    });
  });

  it('a burst of several values gets one watermark, the largest event time (default out-of-orderness 0)', () => {
    const out = observe(({ cold }) => cold('(ab) 5ms c|', { a: 5, b: 3, c: 10 }).pipe(assignEventTime((v: number) => v)));
    expect(out).toEqual([
      [0, { next: el(5, 5) }],
      [0, { next: el(3, 3) }],
      [0, { next: wm(5) }],
      [9, { next: el(10, 10) }],
      [9, { next: wm(10) }],
      [10, { next: wm(MAX_TIMESTAMP) }],
      [10, 'complete'],
    ]);
  });

  it("emitWatermark 'perElement' sends the watermark right after each element that moves it", () => {
    const out = observe(({ cold }) =>
      cold('(ab) 5ms c|', { a: 5, b: 3, c: 10 }).pipe(assignEventTime((v: number) => v, { emitWatermark: 'perElement' })),
    );
    expect(out).toEqual([
      [0, { next: el(5, 5) }],
      [0, { next: wm(5) }],
      [0, { next: el(3, 3) }],
      [9, { next: el(10, 10) }],
      [9, { next: wm(10) }],
      [10, { next: wm(MAX_TIMESTAMP) }],
      [10, 'complete'],
    ]);
  });

  it('a number of ms of out-of-orderness, or a watermark strategy, sets how the watermark trails', () => {
    const trailing = observe(({ cold }) => cold('a 4ms b|', { a: 100, b: 90 }).pipe(assignEventTime((v: number) => v, { watermark: 20 })));
    expect(trailing).toEqual([
      [0, { next: el(100, 100) }],
      [0, { next: wm(80) }],
      [5, { next: el(90, 90) }],
      [6, { next: wm(MAX_TIMESTAMP) }],
      [6, 'complete'],
    ]);
    const monotonic = observe(({ cold }) => cold('a|', { a: 7 }).pipe(assignEventTime((v: number) => v, { watermark: monotonicTimestamps() })));
    expect(monotonic).toEqual([
      [0, { next: el(7, 7) }],
      [0, { next: wm(7) }],
      [1, { next: wm(MAX_TIMESTAMP) }],
      [1, 'complete'],
    ]);
  });

  it('from(array) is one burst: elements, then the watermark goes straight to +infinity (a batch run)', () => {
    const out: EventTimeRecord<number>[] = [];
    of(3, 1, 2)
      .pipe(assignEventTime((v: number) => v * 1000))
      .subscribe((r) => out.push(r));
    expect(out).toEqual([el(3, 3000), el(1, 1000), el(2, 2000), wm(MAX_TIMESTAMP)]);
  });

  describe('invalid event times error the stream with a message naming assignEventTime', () => {
    it.each([
      [Number.NaN, 'NaN'],
      [undefined, 'undefined'],
      [Number.POSITIVE_INFINITY, 'Infinity'],
      ['1704067200000', '"1704067200000" (parse it to epoch ms first)'],
      [new Date(1704067200000), 'a Date (2024-01-01T00:00:00.000Z) (use date.getTime())'],
      [8.64e15 + 1, '8640000000000001'],
      [null, 'null'],
    ])('%p', (bad, shown) => {
      const out = observe(({ cold }) => cold('a 2ms b 2ms c|', { a: 1, b: bad, c: 3 }).pipe(assignEventTime((v: unknown) => v as number)));
      expect(out.slice(0, -1)).toEqual([
        [0, { next: el(1, 1) }],
        [0, { next: wm(1) }],
      ]);
      expect(out[out.length - 1][0]).toBe(3);
      const error = errorOf(out);
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toBe(`assignEventTime: event time must be a finite number of epoch ms within ±8.64e15, got ${shown}`);
    });

    it('a throwing eventTime function errors the stream, naming assignEventTime and the cause', () => {
      const out = observe(({ cold }) =>
        cold('a|', { a: 1 }).pipe(
          assignEventTime(() => {
            throw new Error('no time field');
          }),
        ),
      );
      expect(out).toHaveLength(1);
      expect(errorOf(out).message).toBe('assignEventTime: the eventTime function threw for 1: no time field');
    });
  });

  it("onInvalid 'drop' skips the value, reports it, and the stream goes on", () => {
    const skipped: [unknown, string][] = [];
    const out = observe(({ cold }) =>
      cold('a 2ms b 2ms c|', { a: 1, b: Number.NaN, c: 3 }).pipe(
        assignEventTime((v: number) => v, { onInvalid: 'drop', onInvalidValue: (v, reason) => skipped.push([v, reason]) }),
      ),
    );
    expect(out).toEqual([
      [0, { next: el(1, 1) }],
      [0, { next: wm(1) }],
      [6, { next: el(3, 3) }],
      [6, { next: wm(3) }],
      [7, { next: wm(MAX_TIMESTAMP) }],
      [7, 'complete'],
    ]);
    expect(skipped).toEqual([[Number.NaN, 'event time must be a finite number of epoch ms within ±8.64e15, got NaN']]);
  });

  it('bad options throw at build time', () => {
    expect(() => assignEventTime('x' as unknown as (v: unknown) => number)).toThrow(
      new TypeError('assignEventTime: eventTime must be a function, got "x"'),
    );
    expect(() => assignEventTime((v: number) => v, { onInvalid: 'skip' as 'drop' })).toThrow(
      new RangeError(`assignEventTime: onInvalid must be 'error', 'drop' or 'route', got "skip"`),
    );
    expect(() => assignEventTime((v: number) => v, { emitWatermark: 'never' as 'perElement' })).toThrow(
      new RangeError(`assignEventTime: emitWatermark must be 'afterBurst' or 'perElement', got "never"`),
    );
    expect(() => assignEventTime((v: number) => v, { watermark: {} as never })).toThrow(
      new TypeError('assignEventTime: watermark must be a number of ms or a WatermarkStrategy, got an object (Object)'),
    );
    expect(() => assignEventTime((v: number) => v, { watermark: -1 })).toThrow(
      new RangeError('assignEventTime: watermark must be a non-negative finite number of ms (the allowed out-of-orderness) or a WatermarkStrategy, got -1'),
    );
  });
});
