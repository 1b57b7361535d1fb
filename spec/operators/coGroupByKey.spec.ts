import { filter } from 'rxjs';
import {
  afterCount,
  afterWatermark,
  assignEventTime,
  Combine,
  combinePerKey,
  coGroupByKey,
  fixedWindow,
  intervalWindow,
  isOperatorError,
  MAX_TIMESTAMP,
  mergeEventTime,
  neverTrigger,
  triggering,
  withKeys,
  type PaneTiming,
  type Window,
} from '../../src/index';
import { recordsOf } from '../../src/core';
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

  it("joins two inputs built alike, each with a window operator and a trigger operator (the README's shape)", () => {
    const W0 = intervalWindow(0, 60);
    const W1 = intervalWindow(60, 120);
    const out = observe(({ cold }) => {
      const side = (marbles: string, values: Record<string, Click>) =>
        cold(marbles, values).pipe(
          assignEventTime((c: Click) => c.t),
          fixedWindow(60),
          afterWatermark({ early: afterCount(1), accumulation: 'discarding' }),
          withKeys((c: Click) => c.user),
        );
      return coGroupByKey({
        clicks: side('a 4ms b|', { a: { user: 'u1', page: 'home', t: 10 }, b: { user: 'u1', page: 'faq', t: 70 } }),
        views: side('2ms x|', { x: { user: 'u1', page: 'view', t: 15 } }),
      });
    });
    const home = { user: 'u1', page: 'home', t: 10 };
    const faq = { user: 'u1', page: 'faq', t: 70 };
    const view = { user: 'u1', page: 'view', t: 15 };
    expect(out).toEqual([
      [0, { next: pane('u1', W0, { clicks: [home], views: [] }, ['EARLY', 0, -1, true, false]) }],
      [2, { next: pane('u1', W0, { clicks: [], views: [view] }, ['EARLY', 1, -1, false, false]) }],
      [5, { next: pane('u1', W1, { clicks: [faq], views: [] }, ['EARLY', 0, -1, true, false]) }],
      // The views input completed at 3; the clicks watermark reaches 70 at 5 and passes W0.
      [5, { next: pane('u1', W0, { clicks: [], views: [] }, ['ON_TIME', 2, 0, false, true]) }],
      [6, { next: pane('u1', W1, { clicks: [], views: [] }, ['ON_TIME', 1, 0, false, true]) }],
      [6, 'complete'],
    ]);
  });

  it('mergeEventTime of two inputs built alike sends their one strategy once, before any element', () => {
    const out = observe(({ cold }) => {
      const side = (marbles: string) =>
        cold(marbles, { a: 1, b: 2 }).pipe(
          assignEventTime((n: number) => n),
          fixedWindow(60),
          afterWatermark({ early: afterCount(1), accumulation: 'discarding' }),
        );
      return mergeEventTime(side('a|'), side('-b|'));
    });
    expect(out.map(([frame, e]) => [frame, e === 'complete' ? e : 'next' in e ? (e.next.kind === 'watermark' ? e.next.watermark : e.next.kind) : 'error'])).toEqual([
      [0, 'strategy'],
      [0, 'element'],
      [1, 'element'],
      // The first input completed at 1 (+infinity); the second's watermark is 2, then +infinity.
      [1, 2],
      [2, MAX_TIMESTAMP],
      [2, 'complete'],
    ]);
  });

  it('inputs with different strategies: the error is the operator\'s own, naming both strategies', () => {
    const out = observe(({ cold }) =>
      coGroupByKey({
        a: cold('x|', { x: { user: 'u1', ms: 1, t: 1 } }).pipe(assignEventTime((v: View) => v.t), fixedWindow(10), withKeys((v: View) => v.user)),
        b: cold('x|', { x: { user: 'u1', ms: 1, t: 1 } }).pipe(assignEventTime((v: View) => v.t), fixedWindow(20), withKeys((v: View) => v.user)),
      }),
    );
    const error = errorOf(out);
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe(
      'coGroupByKey: inputs must share one windowing strategy, got fixed(10, 0), DefaultTrigger, allowedLateness 0, discarding and fixed(20, 0), DefaultTrigger, allowedLateness 0, discarding',
    );
    expect(isOperatorError(error)).toBe(true);
  });

  it('takes pane streams that went through plain RxJS operators (filter): their panes are elements, their watermark moves at completion', () => {
    const W0 = intervalWindow(0, 60);
    const W1 = intervalWindow(60, 120);
    const out = observe(() => {
      const counts = testStream<Click>()
        .addElements(timestamped({ user: 'u1', page: 'a', t: 10 }, 10), timestamped({ user: 'u1', page: 'b', t: 20 }, 20), timestamped({ user: 'u2', page: 'c', t: 30 }, 30))
        .advanceProcessingTime(5)
        .advanceWatermarkTo(60)
        .addElements(timestamped({ user: 'u2', page: 'd', t: 70 }, 70))
        .advanceProcessingTime(5)
        .advanceWatermarkToInfinity()
        .build()
        .pipe(fixedWindow(60), combinePerKey((c: Click) => c.user, Combine.count<Click>()));
      return coGroupByKey({ busy: counts.pipe(filter((p) => p.value >= 2)), quiet: counts.pipe(filter((p) => p.value < 2)) });
    });
    expect(out).toEqual([
      [10, { next: pane('u1', W0, { busy: [2], quiet: [] }, only) }],
      [10, { next: pane('u2', W0, { busy: [], quiet: [1] }, only) }],
      [10, { next: pane('u2', W1, { busy: [], quiet: [1] }, only) }],
      [10, 'complete'],
    ]);
  });

  it('an input that is neither records nor panes errors naming the input', () => {
    const out = observe(({ cold }) => coGroupByKey({ a: cold('x|', { x: 7 }) as never }));
    expect(errorOf(out).message).toBe(
      'coGroupByKey: input "a" is not an event-time stream: start with assignEventTime(...) and withKeys(...), or give it panes, got 7',
    );
  });
});
