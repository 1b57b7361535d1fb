import { Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import {
  afterCount,
  afterWatermark,
  Combine,
  combinePerKey,
  END_OF_GLOBAL_WINDOW,
  groupByKey,
  mergeOverlappingWindows,
  MIN_TIMESTAMP,
  sameStrategy,
  DEFAULT_STRATEGY,
  sessionWindow,
  sessionWindows,
  type DeadLetter,
  type GroupingMetrics,
} from '../../src/index';
import { testStream, timestamped } from '../../src/testing/index';

/** A visit with its own idle limit: the session it is in stays open `gap` seconds after it. */
interface Visit {
  readonly user: string;
  readonly t: number;
  readonly gap: unknown;
}

const s = 1000;
const visit = (user: string, t: number, gap: unknown): Visit => ({ user, t: t * s, gap: typeof gap === 'number' ? gap * s : gap });
const at = (user: string, t: number, gap: unknown) => timestamped<Visit>(visit(user, t, gap), t * s);
const win = (start: number, end: number) => ({ start: start * s, end: end * s, maxTimestamp: end * s - 1 });
const gapOf = (v: Visit) => v.gap as number;
const compare = (a: unknown, b: unknown) => expect(a).toEqual(b);
const only = { timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: true } as const;

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

describe('sessionWindow((value) => gap) in a grouping', () => {
  it('sessions of different gaps merge where they overlap; a short gap closes its session early', () => {
    new TestScheduler(compare).run(({ expectObservable }) => {
      const events$ = testStream<Visit>()
        // a: [0, 10) and [4, 20) overlap and merge into [0, 20); with a fixed gap of 10 s the second would end at 14.
        // a: [22, 23) starts after 20, a session of its own. b: [1, 3) then [5, 35): apart, 3 <= 5.
        .addElements(at('a', 0, 10), at('b', 1, 2), at('a', 4, 16), at('b', 5, 30), at('a', 22, 1))
        .advanceWatermarkToInfinity()
        .build();
      const panes$ = events$.pipe(sessionWindow(gapOf), combinePerKey((v: Visit) => v.user, Combine.count()));
      expectObservable(panes$).toBe('(abcd|)', {
        a: { key: 'b', window: win(1, 3), value: 1, pane: only, timestamp: 3 * s - 1 },
        b: { key: 'a', window: win(0, 20), value: 2, pane: only, timestamp: 20 * s - 1 },
        c: { key: 'a', window: win(22, 23), value: 1, pane: only, timestamp: 23 * s - 1 },
        d: { key: 'b', window: win(5, 35), value: 1, pane: only, timestamp: 35 * s - 1 },
      });
    });
  });

  it('a late element inside its session adds a late pane; one whose gap reaches past the session extends it into a new merged window', () => {
    new TestScheduler(compare).run(({ expectObservable }) => {
      const events$ = testStream<Visit>()
        .addElements(at('a', 0, 10), at('a', 5, 5)) // [0, 10)
        .advanceWatermarkTo(12 * s)
        .advanceProcessingTime(10)
        .addElements(at('a', 2, 1)) // late, [2, 3) lies inside [0, 10): a late pane of [0, 10)
        .advanceProcessingTime(10)
        .addElements(at('a', 9, 20)) // late, [9, 29) extends the session: merged into [0, 29), not complete yet
        .advanceProcessingTime(10)
        .advanceWatermarkToInfinity()
        .build();
      const panes$ = events$.pipe(
        sessionWindow(gapOf),
        afterWatermark({ late: afterCount(1), allowedLateness: 60 * s, accumulation: 'accumulating' }),
        groupByKey((v: Visit) => v.user),
      );
      expectObservable(panes$).toBe('a---------b-------------------(c|)', {
        a: {
          key: 'a',
          window: win(0, 10),
          value: [visit('a', 0, 10), visit('a', 5, 5)],
          pane: { timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: false },
          timestamp: 10 * s - 1,
        },
        b: {
          key: 'a',
          window: win(0, 10),
          value: [visit('a', 0, 10), visit('a', 5, 5), visit('a', 2, 1)],
          pane: { timing: 'LATE', index: 1, onTimeIndex: 1, isFirst: false, isLast: false },
          timestamp: 10 * s - 1,
        },
        // The merged window is new: its pane history starts afresh, as for sessions of a fixed gap.
        c: {
          key: 'a',
          window: win(0, 29),
          value: [visit('a', 0, 10), visit('a', 5, 5), visit('a', 2, 1), visit('a', 9, 20)],
          pane: { timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: true },
          timestamp: 29 * s - 1,
        },
      });
    });
  });

  it("onError 'fail': a bad gap errors the stream naming the operator, the rule and the value", () => {
    new TestScheduler(compare).run(({ expectObservable }) => {
      const events$ = testStream<Visit>().addElements(at('a', 0, 10)).advanceProcessingTime(5).addElements(at('a', 3, -5)).advanceWatermarkToInfinity().build();
      const panes$ = events$.pipe(sessionWindow(gapOf), combinePerKey((v: Visit) => v.user, Combine.count()));
      expectObservable(panes$).toBe(
        '-----#',
        {},
        new RangeError('combinePerKey: sessionWindow: gap must be a positive finite number of ms, got -5000 for an object (Object)'),
      );
    });
  });

  it("onError 'fail': a gap function that throws errors the stream with the throw as cause", () => {
    const boom = new Error('no idle limit');
    let error: unknown;
    testStream<Visit>()
      .addElements(at('a', 0, 10))
      .advanceWatermarkToInfinity()
      .build()
      .pipe(
        sessionWindow((): number => {
          throw boom;
        }),
        groupByKey((v: Visit) => v.user),
      )
      .subscribe({ error: (e: unknown) => (error = e) });
    expect(error).toEqual(new Error('groupByKey: sessionWindow: the gap function threw for an object (Object): no idle limit'));
    expect(((error as Error).cause as Error).cause).toBe(boom);
  });

  it("onError 'route': each bad gap is one dead letter and one bad record; the sessions of the others are whole", () => {
    const letters: DeadLetter<Visit>[] = [];
    const deadLetters = new Subject<DeadLetter<Visit>>();
    deadLetters.subscribe((d) => letters.push(d));
    const metrics: GroupingMetrics[] = [];
    const metrics$ = new Subject<GroupingMetrics>();
    metrics$.subscribe((m) => metrics.push(m));
    new TestScheduler(compare).run(({ expectObservable }) => {
      const events$ = testStream<Visit>()
        // Two good visits of a, apart by more than the first's gap but within the second's reach: one
        // session [0, 12). The bad ones in between would have bridged nothing, and open nothing.
        .addElements(at('a', 0, 5), at('a', 3, -1), at('a', 4, 'long'))
        .advanceWatermarkTo(2 * s)
        .addElements(at('a', 4, 8), at('a', 6, NaN))
        .addElements(at('a', 7, 0)) // a bundle of one element takes the reducer's single-element path
        .advanceWatermarkToInfinity()
        .build();
      const panes$ = events$.pipe(
        sessionWindow(gapOf),
        combinePerKey((v: Visit) => v.user, Combine.count(), { onError: 'route', deadLetters, metrics: metrics$ }),
      );
      expectObservable(panes$).toBe('(a|)', { a: { key: 'a', window: win(0, 12), value: 2, pane: only, timestamp: 12 * s - 1 } });
    });
    const letter = (v: Visit, got: string, watermark: number) => ({
      operator: 'combinePerKey',
      reason: 'window-function-threw',
      value: v,
      timestamp: v.t,
      watermark,
      message: `combinePerKey: sessionWindow: gap must be a positive finite number of ms, got ${got} for an object (Object) (routed as a dead letter)`,
      cause: expect.any(RangeError),
    });
    expect(letters).toEqual([letter(visit('a', 3, -1), '-1000', MIN_TIMESTAMP), letter(visit('a', 4, 'long'), '"long"', MIN_TIMESTAMP), letter(visit('a', 6, NaN), 'NaN', 2 * s), letter(visit('a', 7, 0), '0', 2 * s)]);
    expect(metrics[metrics.length - 1]).toMatchObject({ elementsIn: 2, badRecords: 4, dropped: 0, panesOut: 1, openWindows: 0 });
  });
});
