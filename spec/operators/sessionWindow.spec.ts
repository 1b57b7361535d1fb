import { TestScheduler } from 'rxjs/testing';
import { afterCount, afterWatermark, END_OF_GLOBAL_WINDOW, groupByKey, MAX_TIMESTAMP, sessionWindow, sessionWindows } from '../../src/index';
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
