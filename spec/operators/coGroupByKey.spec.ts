import {
  assignEventTime,
  Combine,
  combinePerKey,
  coGroupByKey,
  fixedWindow,
  intervalWindow,
  MAX_TIMESTAMP,
  neverTrigger,
  recordsOf,
  triggering,
  withKeys,
  type PaneTiming,
  type Window,
} from '../../src/index';
import { testStream, timestamped } from '../../src/testing/index';
import { errorOf, observe } from '../helpers/virtualTime';

interface Click {
  readonly user: string;
  readonly page: string;
  readonly t: number;
}
interface View {
  readonly user: string;
  readonly ms: number;
  readonly t: number;
}

function pane<V>(key: string, window: Window, value: V, info: [PaneTiming, number, number, boolean, boolean]) {
  const [timing, index, onTimeIndex, isFirst, isLast] = info;
  return { key, window, value, pane: { timing, index, onTimeIndex, isFirst, isLast }, timestamp: window.maxTimestamp };
}
const only: [PaneTiming, number, number, boolean, boolean] = ['ON_TIME', 0, 0, true, true];

describe('coGroupByKey', () => {
  it('joins two keyed streams per key and window; a tag without values gets an empty list', () => {
    const W0 = intervalWindow(0, 60);
    const W1 = intervalWindow(60, 120);
    const out = observe(({ cold }) => {
      const clicks = cold('a 4ms b 4ms c|', {
        a: { user: 'u1', page: 'home', t: 10 },
        b: { user: 'u2', page: 'cart', t: 20 },
        c: { user: 'u1', page: 'faq', t: 70 },
      }).pipe(assignEventTime((c: Click) => c.t), fixedWindow(60), withKeys((c: Click) => c.user));
      const views = cold('2ms x 4ms y|', { x: { user: 'u1', ms: 300, t: 15 }, y: { user: 'u3', ms: 50, t: 30 } }).pipe(
        assignEventTime((v: View) => v.t),
        fixedWindow(60),
        withKeys((v: View) => v.user),
      );
      return coGroupByKey({ clicks, views });
    });
    const c = (user: string, page: string, t: number): Click => ({ user, page, t });
    const v = (user: string, ms: number, t: number): View => ({ user, ms, t });
    expect(out).toEqual([
      // The clicks watermark reaches 70 at frame 10; the views input completed at frame 8 (+infinity),
      // so the merged watermark passes W0 at frame 10.
      [10, { next: pane('u1', W0, { clicks: [c('u1', 'home', 10)], views: [v('u1', 300, 15)] }, only) }],
      [10, { next: pane('u2', W0, { clicks: [c('u2', 'cart', 20)], views: [] }, only) }],
      [10, { next: pane('u3', W0, { clicks: [], views: [v('u3', 50, 30)] }, only) }],
      [11, { next: pane('u1', W1, { clicks: [c('u1', 'faq', 70)], views: [] }, only) }],
      [11, 'complete'],
    ]);
  });

  it("takes pane streams as inputs and fires with the upstream groupings' output watermark, not at completion", () => {
    const W0 = intervalWindow(0, 60);
    const W1 = intervalWindow(60, 120);
    const out = observe(() => {
      const script = <T>(first: T[], later: T[], at: (x: T) => number) =>
        testStream<T>()
          .addElements(...first.map((x) => timestamped(x, at(x))))
          .advanceProcessingTime(5)
          .advanceWatermarkTo(60)
          .addElements(...later.map((x) => timestamped(x, at(x))))
          .advanceProcessingTime(5)
          .advanceWatermarkToInfinity()
          .build();
      const clickCounts = script<Click>(
        [
          { user: 'u1', page: 'home', t: 10 },
          { user: 'u1', page: 'cart', t: 20 },
        ],
        [{ user: 'u2', page: 'home', t: 65 }],
        (c) => c.t,
      ).pipe(fixedWindow(60), combinePerKey((c: Click) => c.user, Combine.count<Click>()));
      const viewTime = script<View>([{ user: 'u1', ms: 300, t: 30 }], [{ user: 'u1', ms: 40, t: 61 }], (v) => v.t).pipe(
        fixedWindow(60),
        combinePerKey((v: View) => v.user, Combine.sum((v: View) => v.ms)),
      );
      return coGroupByKey({ clicks: clickCounts, views: viewTime });
    });
    expect(out).toEqual([
      [5, { next: pane('u1', W0, { clicks: [2], views: [300] }, only) }],
      [10, { next: pane('u2', W1, { clicks: [1], views: [] }, only) }],
      [10, { next: pane('u1', W1, { clicks: [], views: [40] }, only) }],
      [10, 'complete'],
    ]);
  });

  it("a grouping's record form carries its output watermark, held back by pending panes", () => {
    const out = observe(() =>
      recordsOf(
        testStream<View>()
          .addElements(timestamped({ user: 'u1', ms: 1, t: 5 }, 5))
          .advanceWatermarkTo(30)
          .advanceProcessingTime(5)
          .advanceWatermarkToInfinity()
          .build({ clock: 'frames' })
          .pipe(
            fixedWindow(10),
            triggering(neverTrigger(), { allowedLateness: 100, accumulation: 'discarding' }),
            combinePerKey((v: View) => v.user, Combine.count<View>()),
          ),
      ),
    );
    const kinds = out.map(([frame, e]) => [frame, e === 'complete' ? e : 'next' in e ? e.next : e]);
    expect(kinds).toEqual([
      [0, { kind: 'strategy', strategy: expect.objectContaining({ windowFn: undefined, allowedLateness: 100, trigger: neverTrigger() }) }],
      // Input watermark 30, but the window [0, 10) still holds its data: output watermark 9.
      [0, { kind: 'watermark', watermark: 9 }],
      [5, { kind: 'element', value: pane('u1', intervalWindow(0, 10), 1, only), timestamp: 9, windows: [intervalWindow(0, 10)] }],
      [5, { kind: 'watermark', watermark: MAX_TIMESTAMP }],
      [5, 'complete'],
    ]);
  });

  it('bad inputs', () => {
    expect(() => coGroupByKey({})).toThrow(new RangeError('coGroupByKey: needs at least one input, got none'));
    expect(() => coGroupByKey({ a: 5 as never })).toThrow(new TypeError('coGroupByKey: input "a" must be an Observable, got 5'));
    expect(() => withKeys('user' as never)).toThrow(new TypeError('withKeys: key must be a function, got "user"'));
    const out = observe(({ cold }) => coGroupByKey({ a: cold('x|', { x: 7 }).pipe(assignEventTime((n: number) => n)) as never }));
    expect(errorOf(out).message).toBe('coGroupByKey: input "a" must carry { key, value } elements (use withKeys), got 7');
  });

  it('a key function that throws in withKeys, and an input that errors, are reported naming the operator', () => {
    const boom = new Error('boom');
    const keyThrows = observe(({ cold }) =>
      coGroupByKey({
        a: cold('x|', { x: 7 }).pipe(
          assignEventTime((n: number) => n),
          withKeys(() => {
            throw boom;
          }),
        ),
      }),
    );
    expect(errorOf(keyThrows).message).toBe('withKeys: the key function threw for 7: boom');
    expect(errorOf(keyThrows).cause).toBe(boom);
    const inputFails = observe(({ cold }) =>
      coGroupByKey({ a: cold('#', undefined, boom) as never, b: cold('-x|', { x: { key: 'k', value: 1 } }).pipe(assignEventTime(() => 1)) }),
    );
    expect(errorOf(inputFails).message).toBe('coGroupByKey: the source errored: boom');
    expect(errorOf(inputFails).cause).toBe(boom);
  });
});
