import { Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import {
  afterCount,
  afterWatermark,
  Combine,
  combinePerKey,
  END_OF_GLOBAL_WINDOW,
  groupByKey,
  MAX_TIMESTAMP,
  MIN_TIMESTAMP,
  sessionWindow,
  sessionWindows,
  type DeadLetter,
  type GroupingMetrics,
} from '../../src/index';
import { testStream, timestamped } from '../../src/testing/index';

interface Visit {
  readonly user: string;
  readonly t: number;
}

const s = 1000;
const at = (user: string, t: number) => timestamped<Visit>({ user, t: t * s }, t * s);
const win = (start: number, end: number) => ({ start: start * s, end: end * s, maxTimestamp: end * s - 1 });
const values = (...ts: number[]) => ts.map((t) => ({ user: 'a', t: t * s }));

describe('sessionWindow operator', () => {
  it('rejects a bad gap at build time, naming the operator', () => {
    expect(() => sessionWindow(0)).toThrow(new RangeError('sessionWindow: gap must be a positive finite number of ms, got 0'));
    expect(() => sessionWindows(-1)).toThrow('sessionWindows: gap must be a positive finite number of ms, got -1');
  });

  it('a session is cut at the end of the global window; a later time gets no window', () => {
    const EOGW = END_OF_GLOBAL_WINDOW;
    expect(sessionWindows(1e20).assign(5)).toEqual([{ start: 5, end: EOGW + 1, maxTimestamp: EOGW }]);
    expect(sessionWindows(10).assign(EOGW - 5)).toEqual([{ start: EOGW - 5, end: EOGW + 1, maxTimestamp: EOGW }]);
    expect(sessionWindows(10).assign(EOGW - 10)).toEqual([{ start: EOGW - 10, end: EOGW, maxTimestamp: EOGW - 1 }]);
    expect(sessionWindows(10).assign(EOGW + 1)).toEqual([]);
    expect(sessionWindows(10).assign(MAX_TIMESTAMP)).toEqual([]);
  });

  it('sessions per key; a late element that bridges two sessions merges them into a new window with fresh pane history', () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ expectObservable }) => {
      const events$ = testStream<Visit>()
        .addElements(at('a', 0), at('a', 5), at('b', 7), at('a', 20), at('a', 28))
        .advanceWatermarkTo(16 * s) // [0, 15) of a and [7, 17) of b: only a's first session is complete
        .advanceProcessingTime(10)
        .addElements(at('a', 12)) // late for [0, 15), but within lateness: bridges [0, 15) and [20, 38)
        .advanceProcessingTime(10)
        .advanceWatermarkToInfinity()
        .build();
      const panes$ = events$.pipe(
        sessionWindow(10 * s),
        afterWatermark({ late: afterCount(1), allowedLateness: 60 * s, accumulation: 'accumulating' }),
        groupByKey((v: Visit) => v.user),
      );
      // Frame 0: the watermark passes a's first session. Frame 10: the bridging element arrives; the merged
      // window [0, 38) is new, so its trigger is back in its early phase and nothing fires. Frame 20: +infinity.
      expectObservable(panes$).toBe('a-------------------(cb|)', {
        a: {
          key: 'a',
          window: win(0, 15),
          value: values(0, 5),
          pane: { timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: false },
          timestamp: 15 * s - 1,
        },
        b: {
          key: 'a',
          window: win(0, 38),
          value: values(0, 5, 20, 28, 12),
          pane: { timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: true },
          timestamp: 38 * s - 1,
        },
        c: {
          key: 'b',
          window: win(7, 17),
          value: [{ user: 'b', t: 7 * s }],
          pane: { timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: true },
          timestamp: 17 * s - 1,
        },
      });
    });
  });
});

/** A visit with its own idle limit: the session it is in stays open `gap` seconds after it. */
interface GapVisit {
  readonly user: string;
  readonly t: number;
  readonly gap: unknown;
}

const gapVisit = (user: string, t: number, gap: unknown): GapVisit => ({ user, t: t * s, gap: typeof gap === 'number' ? gap * s : gap });
const atGap = (user: string, t: number, gap: unknown) => timestamped<GapVisit>(gapVisit(user, t, gap), t * s);
const gapOf = (v: GapVisit) => v.gap as number;
const compare = (a: unknown, b: unknown) => expect(a).toEqual(b);
const only = { timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: true } as const;

describe('sessionWindow((value) => gap) in a grouping', () => {
  it('sessions of different gaps merge where they overlap; a short gap closes its session early', () => {
    new TestScheduler(compare).run(({ expectObservable }) => {
      const events$ = testStream<GapVisit>()
        // a: [0, 10) and [4, 20) overlap and merge into [0, 20); with a fixed gap of 10 s the second would end at 14.
        // a: [22, 23) starts after 20, a session of its own. b: [1, 3) then [5, 35): apart, 3 <= 5.
        .addElements(atGap('a', 0, 10), atGap('b', 1, 2), atGap('a', 4, 16), atGap('b', 5, 30), atGap('a', 22, 1))
        .advanceWatermarkToInfinity()
        .build();
      const panes$ = events$.pipe(sessionWindow(gapOf), combinePerKey((v: GapVisit) => v.user, Combine.count()));
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
      const events$ = testStream<GapVisit>()
        .addElements(atGap('a', 0, 10), atGap('a', 5, 5)) // [0, 10)
        .advanceWatermarkTo(12 * s)
        .advanceProcessingTime(10)
        .addElements(atGap('a', 2, 1)) // late, [2, 3) lies inside [0, 10): a late pane of [0, 10)
        .advanceProcessingTime(10)
        .addElements(atGap('a', 9, 20)) // late, [9, 29) extends the session: merged into [0, 29), not complete yet
        .advanceProcessingTime(10)
        .advanceWatermarkToInfinity()
        .build();
      const panes$ = events$.pipe(
        sessionWindow(gapOf),
        afterWatermark({ late: afterCount(1), allowedLateness: 60 * s, accumulation: 'accumulating' }),
        groupByKey((v: GapVisit) => v.user),
      );
      expectObservable(panes$).toBe('a---------b-------------------(c|)', {
        a: {
          key: 'a',
          window: win(0, 10),
          value: [gapVisit('a', 0, 10), gapVisit('a', 5, 5)],
          pane: { timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: false },
          timestamp: 10 * s - 1,
        },
        b: {
          key: 'a',
          window: win(0, 10),
          value: [gapVisit('a', 0, 10), gapVisit('a', 5, 5), gapVisit('a', 2, 1)],
          pane: { timing: 'LATE', index: 1, onTimeIndex: 1, isFirst: false, isLast: false },
          timestamp: 10 * s - 1,
        },
        // The merged window is new: its pane history starts afresh, as for sessions of a fixed gap.
        c: {
          key: 'a',
          window: win(0, 29),
          value: [gapVisit('a', 0, 10), gapVisit('a', 5, 5), gapVisit('a', 2, 1), gapVisit('a', 9, 20)],
          pane: { timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: true },
          timestamp: 29 * s - 1,
        },
      });
    });
  });

  it("onError 'fail': a bad gap errors the stream naming the operator, the rule and the value", () => {
    new TestScheduler(compare).run(({ expectObservable }) => {
      const events$ = testStream<GapVisit>().addElements(atGap('a', 0, 10)).advanceProcessingTime(5).addElements(atGap('a', 3, -5)).advanceWatermarkToInfinity().build();
      const panes$ = events$.pipe(sessionWindow(gapOf), combinePerKey((v: GapVisit) => v.user, Combine.count()));
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
    testStream<GapVisit>()
      .addElements(atGap('a', 0, 10))
      .advanceWatermarkToInfinity()
      .build()
      .pipe(
        sessionWindow((): number => {
          throw boom;
        }),
        groupByKey((v: GapVisit) => v.user),
      )
      .subscribe({ error: (e: unknown) => (error = e) });
    expect(error).toEqual(new Error('groupByKey: sessionWindow: the gap function threw for an object (Object): no idle limit'));
    expect(((error as Error).cause as Error).cause).toBe(boom);
  });

  it("onError 'route': each bad gap is one dead letter and one bad record; the sessions of the others are whole", () => {
    const letters: DeadLetter<GapVisit>[] = [];
    const deadLetters = new Subject<DeadLetter<GapVisit>>();
    deadLetters.subscribe((d) => letters.push(d));
    const metrics: GroupingMetrics[] = [];
    const metrics$ = new Subject<GroupingMetrics>();
    metrics$.subscribe((m) => metrics.push(m));
    new TestScheduler(compare).run(({ expectObservable }) => {
      const events$ = testStream<GapVisit>()
        // Two good visits of a, apart by more than the first's gap but within the second's reach: one
        // session [0, 12). The bad ones in between would have bridged nothing, and open nothing.
        .addElements(atGap('a', 0, 5), atGap('a', 3, -1), atGap('a', 4, 'long'))
        .advanceWatermarkTo(2 * s)
        .addElements(atGap('a', 4, 8), atGap('a', 6, NaN))
        .addElements(atGap('a', 7, 0)) // a bundle of one element takes the reducer's single-element path
        .advanceWatermarkToInfinity()
        .build();
      const panes$ = events$.pipe(
        sessionWindow(gapOf),
        combinePerKey((v: GapVisit) => v.user, Combine.count(), { onError: 'route', deadLetters, metrics: metrics$ }),
      );
      expectObservable(panes$).toBe('(a|)', { a: { key: 'a', window: win(0, 12), value: 2, pane: only, timestamp: 12 * s - 1 } });
    });
    const letter = (v: GapVisit, got: string, watermark: number) => ({
      operator: 'combinePerKey',
      reason: 'window-function-threw',
      value: v,
      timestamp: v.t,
      watermark,
      message: `combinePerKey: sessionWindow: gap must be a positive finite number of ms, got ${got} for an object (Object) (routed as a dead letter)`,
      cause: expect.any(RangeError),
    });
    expect(letters).toEqual([letter(gapVisit('a', 3, -1), '-1000', MIN_TIMESTAMP), letter(gapVisit('a', 4, 'long'), '"long"', MIN_TIMESTAMP), letter(gapVisit('a', 6, NaN), 'NaN', 2 * s), letter(gapVisit('a', 7, 0), '0', 2 * s)]);
    expect(metrics[metrics.length - 1]).toMatchObject({ elementsIn: 2, badRecords: 4, dropped: 0, panesOut: 1, openWindows: 0 });
  });
});
