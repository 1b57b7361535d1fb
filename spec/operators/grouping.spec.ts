import { from, VirtualTimeScheduler, type Observable, type OperatorFunction } from 'rxjs';
import {
  afterCount,
  afterProcessingTime,
  afterWatermark,
  assignEventTime,
  coGroupByKey,
  Combine,
  combinePerKey,
  fixedWindow,
  groupByKey,
  intervalWindow,
  KEY_RULE,
  sessionWindow,
  slidingWindow,
  triggering,
  withKeys,
  type CombineFn,
  type EventTimeRecord,
  type Pane,
  type PaneTiming,
  type Window,
} from '../../src/index';
import { testStream, timestamped } from '../../src/testing/index';
import { errorOf, observe, testScheduler } from '../helpers/virtualTime';

interface Ev {
  readonly k: string;
  readonly n: number;
  readonly t: number;
}

function pane<V>(key: string, window: Window, value: V, info: [PaneTiming, number, number, boolean, boolean], timestamp = window.maxTimestamp) {
  const [timing, index, onTimeIndex, isFirst, isLast] = info;
  return { key, window, value, pane: { timing, index, onTimeIndex, isFirst, isLast }, timestamp };
}

describe('fixedWindow + afterWatermark + combinePerKey on TestScheduler (frames are processing time)', () => {
  const W = intervalWindow(0, 100_000);

  it('early processing-time firings are strict: a timer due at frame 10 fires at frame 11, with the value that arrived at 10', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const events = cold('a 9ms b 9ms c 19ms |', {
        a: { k: 'x', n: 1, t: 1_000 },
        b: { k: 'x', n: 2, t: 2_000 },
        c: { k: 'x', n: 4, t: 3_000 },
      });
      const panes = events.pipe(
        // A large out-of-orderness keeps the window open until completion.
        assignEventTime((e: Ev) => e.t, { watermark: 60_000 }),
        fixedWindow(100_000),
        afterWatermark({ early: afterProcessingTime(10), accumulation: 'accumulating' }),
        combinePerKey((e: Ev) => e.k, Combine.sum((e: Ev) => e.n)),
      );
      expectObservable(panes).toBe('11ms A 19ms B 8ms (C|)', {
        A: pane('x', W, 3, ['EARLY', 0, -1, true, false]),
        B: pane('x', W, 7, ['EARLY', 1, -1, false, false]),
        // Completion: the watermark goes to +infinity; accumulated ON_TIME pane, last (no allowed lateness).
        C: pane('x', W, 7, ['ON_TIME', 2, 0, false, true]),
      });
    });
  });

  it('discarding: each early pane holds the values since the previous one; the ON_TIME pane is emitted even when empty', () => {
    const out = observe(({ cold }) =>
      cold('a 9ms b 9ms c 19ms |', { a: { k: 'x', n: 1, t: 1_000 }, b: { k: 'x', n: 2, t: 2_000 }, c: { k: 'x', n: 4, t: 3_000 } }).pipe(
        assignEventTime((e: Ev) => e.t, { watermark: 60_000 }),
        fixedWindow(100_000),
        afterWatermark({ early: afterProcessingTime(10), accumulation: 'discarding' }),
        combinePerKey((e: Ev) => e.k, Combine.sum((e: Ev) => e.n)),
      ),
    );
    expect(out).toEqual([
      [11, { next: pane('x', W, 3, ['EARLY', 0, -1, true, false]) }],
      [31, { next: pane('x', W, 4, ['EARLY', 1, -1, false, false]) }],
      [40, { next: pane('x', W, 0, ['ON_TIME', 2, 0, false, true]) }],
      [40, 'complete'],
    ]);
  });

  it('late data within allowed lateness: LATE panes from late processing-time firings, driven by a test stream', () => {
    const W0 = intervalWindow(0, 10);
    const out = observe(() =>
      testStream<Ev>()
        .addElements(timestamped({ k: 'x', n: 1, t: 1 }, 1))
        .advanceWatermarkTo(20)
        .advanceProcessingTime(3)
        .addElements(timestamped({ k: 'x', n: 5, t: 5 }, 5))
        .advanceProcessingTime(10)
        .advanceWatermarkToInfinity()
        .build({ clock: 'frames' })
        .pipe(
          fixedWindow(10),
          afterWatermark({ late: afterProcessingTime(5), allowedLateness: 50, accumulation: 'accumulating' }),
          combinePerKey((e: Ev) => e.k, Combine.sum((e: Ev) => e.n)),
        ),
    );
    expect(out).toEqual([
      [0, { next: pane('x', W0, 1, ['ON_TIME', 0, 0, true, false]) }],
      // The late value arrives at frame 3; its late trigger is due at 8 and fires at 9.
      [9, { next: pane('x', W0, 6, ['LATE', 1, 1, false, false]) }],
      [13, 'complete'],
    ]);
  });

  it('the watermark fires windows as it passes them, not only at completion', () => {
    const out = observe(({ cold }) =>
      cold('ab 9ms c 9ms |', { a: { k: 'x', n: 1, t: 1 }, b: { k: 'y', n: 2, t: 5 }, c: { k: 'x', n: 3, t: 15 } }).pipe(
        assignEventTime((e: Ev) => e.t),
        fixedWindow(10),
        groupByKey((e: Ev) => e.k),
      ),
    );
    const W0 = intervalWindow(0, 10);
    const W1 = intervalWindow(10, 20);
    expect(out).toEqual([
      [11, { next: pane('x', W0, [{ k: 'x', n: 1, t: 1 }], ['ON_TIME', 0, 0, true, true]) }],
      [11, { next: pane('y', W0, [{ k: 'y', n: 2, t: 5 }], ['ON_TIME', 0, 0, true, true]) }],
      [21, { next: pane('x', W1, [{ k: 'x', n: 3, t: 15 }], ['ON_TIME', 0, 0, true, true]) }],
      [21, 'complete'],
    ]);
  });

  it('groupByKey over sliding windows: each value in every window that contains it', () => {
    const out = observe(({ cold }) =>
      cold('(ab|)', { a: { k: 'x', n: 1, t: 5 }, b: { k: 'x', n: 2, t: 12 } }).pipe(
        assignEventTime((e: Ev) => e.t),
        slidingWindow(20, 10),
        groupByKey((e: Ev) => e.k),
      ),
    );
    const a = { k: 'x', n: 1, t: 5 };
    const b = { k: 'x', n: 2, t: 12 };
    const only: [PaneTiming, number, number, boolean, boolean] = ['ON_TIME', 0, 0, true, true];
    expect(out).toEqual([
      [0, { next: pane('x', intervalWindow(-10, 10), [a], only) }],
      [0, { next: pane('x', intervalWindow(0, 20), [a, b], only) }],
      [0, { next: pane('x', intervalWindow(10, 30), [b], only) }],
      [0, 'complete'],
    ]);
  });
});

describe('run-time errors go to subscriber.error naming the operator', () => {
  it('a throwing key selector', () => {
    const out = observe(({ cold }) =>
      cold('a|', { a: { k: 'x', n: 1, t: 1 } }).pipe(
        assignEventTime((e: Ev) => e.t),
        combinePerKey(
          (): string => {
            throw new Error('no key');
          },
          Combine.count<Ev>(),
        ),
      ),
    );
    expect(out).toHaveLength(1);
    expect(errorOf(out).message).toBe('combinePerKey: the key function threw for an object (Object): no key');
  });

  it('a CombineFn that rejects a value', () => {
    const out = observe(({ cold }) =>
      cold('a|', { a: { k: 'x', n: Number.NaN, t: 1 } }).pipe(
        assignEventTime((e: Ev) => e.t),
        combinePerKey((e: Ev) => e.k, Combine.sum((e: Ev) => e.n)),
      ),
    );
    expect(out).toHaveLength(1);
    expect(errorOf(out).message).toBe('combinePerKey: sum: each value must be a finite number, got NaN');
  });

  it('a user CombineFn that throws is named with the method that threw', () => {
    const boom = new Error('full');
    const throwing = { ...Combine.count<Ev>(), addInput: (): number => { throw boom; } };
    const out = observe(({ cold }) =>
      cold('a|', { a: { k: 'x', n: 1, t: 1 } }).pipe(assignEventTime((e: Ev) => e.t), combinePerKey((e: Ev) => e.k, throwing)),
    );
    expect(errorOf(out).message).toBe('combinePerKey: combineFn.addInput threw: full');
    expect(errorOf(out).cause).toBe(boom);
  });
});

describe('unsubscribing', () => {
  it('cancels scheduled processing-time wake-ups and the test stream, and emits nothing more', () => {
    const scheduler = new VirtualTimeScheduler();
    const panes: unknown[] = [];
    const subscription = testStream<Ev>()
      .addElements(timestamped({ k: 'x', n: 1, t: 1 }, 1))
      .advanceProcessingTime(100)
      .addElements(timestamped({ k: 'x', n: 2, t: 2 }, 2))
      .advanceWatermarkToInfinity()
      .build({ scheduler, clock: 'frames' })
      .pipe(
        fixedWindow(10),
        afterWatermark({ early: afterProcessingTime(10), accumulation: 'discarding' }),
        combinePerKey((e: Ev) => e.k, Combine.sum((e: Ev) => e.n), { scheduler }),
      )
      .subscribe((p) => panes.push(p));
    // Pending: the test stream's next step (frame 100) and the early firing (frame 11).
    expect(scheduler.actions.map((a) => a.delay)).toEqual([11, 100]);
    subscription.unsubscribe();
    expect(scheduler.actions).toEqual([]);
    scheduler.flush();
    expect(panes).toEqual([]);
  });

  it('mid-stream: panes before the unsubscription arrive, none after (marbles)', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const events = cold('a 19ms b 19ms |', { a: { k: 'x', n: 1, t: 1_000 }, b: { k: 'x', n: 2, t: 2_000 } });
      const panes = events.pipe(
        assignEventTime((e: Ev) => e.t, { watermark: 60_000 }),
        fixedWindow(100_000),
        afterWatermark({ early: afterProcessingTime(10), accumulation: 'discarding' }),
        combinePerKey((e: Ev) => e.k, Combine.sum((e: Ev) => e.n)),
      );
      // Unsubscribed at frame 25: the second early pane (due at frame 31) never comes.
      expectObservable(panes, '^ 24ms !').toBe('11ms A', { A: pane('x', intervalWindow(0, 100_000), 1, ['EARLY', 0, -1, true, false]) });
    });
  });
});

describe('bad options throw at build time, naming operator, rule and value', () => {
  it('combinePerKey and groupByKey', () => {
    expect(() => combinePerKey('x' as unknown as (v: Ev) => string, Combine.count())).toThrow(
      new TypeError('combinePerKey: key must be a function, got "x"'),
    );
    expect(() => combinePerKey((e: Ev) => e.k, {} as CombineFn<Ev, unknown, unknown>)).toThrow(
      new TypeError('combinePerKey: combineFn must be a CombineFn with a createAccumulator() method, got an object (Object)'),
    );
    expect(() => groupByKey(5 as unknown as (v: Ev) => string)).toThrow(new TypeError('groupByKey: key must be a function, got 5'));
  });

  it('afterWatermark with early firings needs an explicit accumulation mode', () => {
    // @ts-expect-error the types require accumulation with early firings; the run-time check serves untyped callers
    expect(() => afterWatermark({ early: afterCount(1) })).toThrow(
      new TypeError(
        "afterWatermark: accumulation must be given ('discarding' or 'accumulating') when the trigger can fire more than once, got undefined for AfterWatermark.pastEndOfWindow().withEarlyFirings(AfterCount(1)) with allowedLateness 0",
      ),
    );
    expect(() => afterWatermark({ allowedLateness: 1_000 })).toThrow(TypeError);
    expect(() => afterWatermark({})).not.toThrow();
  });

  it('afterWatermark and triggering option values', () => {
    expect(() => afterWatermark({ allowedLateness: -1, accumulation: 'discarding' })).toThrow(
      new RangeError('afterWatermark: allowedLateness must be a non-negative finite number of ms, got -1'),
    );
    expect(() => afterWatermark({ accumulation: 'both' as 'discarding' })).toThrow(
      new RangeError(`afterWatermark: accumulation must be 'discarding', 'accumulating' or 'accumulatingAndRetracting', got "both"`),
    );
    expect(() => afterWatermark({ timestampCombiner: 'first' as 'earliest' })).toThrow(
      new RangeError(`afterWatermark: timestampCombiner must be 'endOfWindow', 'earliest', 'latest' or 'earliestTransformed', got "first"`),
    );
    expect(() => afterWatermark({ early: 'soon' as never, accumulation: 'discarding' })).toThrow(
      new TypeError('afterWatermark: early must be a trigger (built by a Trigger factory), got "soon"'),
    );
    expect(() => triggering('x' as never)).toThrow(new TypeError('triggering: trigger must be a trigger (built by a Trigger factory), got "x"'));
  });

  it('window operators name themselves', () => {
    expect(() => fixedWindow(-5)).toThrow(new RangeError('fixedWindow: size must be a positive finite number of ms, got -5'));
    expect(() => fixedWindow(10, { offset: 10 })).toThrow(new RangeError('fixedWindow: offset must be a finite number of ms in [0, size), got 10'));
    expect(() => slidingWindow(10, 0)).toThrow(new RangeError('slidingWindow: period must be a positive finite number of ms, got 0'));
  });
});

interface UserEv {
  readonly user: string;
  readonly region: string;
  readonly t: number;
}

const ev = (user: string, region: string, t: number): UserEv => ({ user, region, t });

/** The only pane of a window in a batch run: ON_TIME, first and last, at the window's end. */
function onlyPane<V, K>(key: K, window: Window, value: V) {
  return { key, window, value, pane: { timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: true }, timestamp: window.maxTimestamp };
}

function run<R>(events: readonly UserEv[], pipeline: OperatorFunction<EventTimeRecord<UserEv>, R>): { values: R[]; error: unknown } {
  const vts = new VirtualTimeScheduler();
  const out = { values: [] as R[], error: undefined as unknown };
  from(events)
    .pipe(assignEventTime((e: UserEv) => e.t, { scheduler: vts }), pipeline)
    .subscribe({ next: (v) => out.values.push(v), error: (e: unknown) => (out.error = e) });
  vts.flush();
  return out;
}

const W = intervalWindow(0, 60_000);

describe('keys are compared by value', () => {
  const events = [ev('u1', 'eu', 1_000), ev('u2', 'eu', 2_000), ev('u1', 'eu', 3_000), ev('u1', 'us', 4_000)];

  it('combinePerKey: equal arrays made afresh per element are one key; the pane carries the first key seen', () => {
    const made: string[][] = [];
    const { values, error } = run(
      events,
      (e$: Observable<EventTimeRecord<UserEv>>) =>
        e$.pipe(
          fixedWindow(60_000),
          combinePerKey((e: UserEv) => {
            const k = [e.user, e.region];
            made.push(k);
            return k;
          }, Combine.count()),
        ),
    );
    expect(error).toBeUndefined();
    expect(values).toEqual([onlyPane(['u1', 'eu'], W, 2), onlyPane(['u2', 'eu'], W, 1), onlyPane(['u1', 'us'], W, 1)]);
    expect(values[0].key).toBe(made[0]);
    expect(values[1].key).toBe(made[1]);
    expect(values[2].key).toBe(made[3]);
  });

  it('groupByKey: plain objects are one key whatever the order of their properties', () => {
    const grouped = run(events, (e$) =>
      e$.pipe(
        fixedWindow(60_000),
        groupByKey((e: UserEv) => (e.t === 3_000 ? { region: e.region, user: e.user } : { user: e.user, region: e.region })),
      ),
    ).values;
    expect(grouped).toEqual([
      onlyPane({ user: 'u1', region: 'eu' }, W, [events[0], events[2]]),
      onlyPane({ user: 'u2', region: 'eu' }, W, [events[1]]),
      onlyPane({ user: 'u1', region: 'us' }, W, [events[3]]),
    ]);
    // The key as the first element gave it, property order included.
    expect(Object.keys(grouped[0].key)).toEqual(['user', 'region']);
  });

  it('Dates are one key when their times are equal', () => {
    const { values } = run(events, (e$) =>
      e$.pipe(
        fixedWindow(60_000),
        combinePerKey((e: UserEv) => new Date(e.t < 3_000 ? 0 : 3_000), Combine.count()),
      ),
    );
    expect(values).toEqual([onlyPane(new Date(0), W, 2), onlyPane(new Date(3_000), W, 2)]);
  });

  it('types are kept apart: 1 and "1" are two keys, so are [1] and ["1"]', () => {
    const keys: unknown[] = [1, '1', [1], ['1'], 1, [1]];
    const { values } = run(
      keys.map((_, i) => ev(String(i), 'eu', 1_000 + i)),
      (e$) =>
        e$.pipe(
          fixedWindow(60_000),
          combinePerKey((e: UserEv) => keys[Number(e.user)], Combine.count()),
        ),
    );
    expect(values).toEqual([onlyPane(1, W, 2), onlyPane('1', W, 1), onlyPane([1], W, 2), onlyPane(['1'], W, 1)]);
  });

  it('sessions merge per composite key, one element at a time and in a bundle', () => {
    const session = (start: number, end: number, value: number) => onlyPane(['a', 1], intervalWindow(start, end), value);
    const oneByOne = run([ev('a', '1', 0), ev('a', '1', 5), ev('b', '1', 6), ev('a', '1', 30)], (e$) =>
      e$.pipe(
        sessionWindow(10),
        combinePerKey((e: UserEv) => [e.user, Number(e.region)], Combine.count()),
      ),
    ).values;
    expect(oneByOne).toEqual([session(0, 15, 2), onlyPane(['b', 1], intervalWindow(6, 16), 1), session(30, 40, 1)]);

    const vts = new VirtualTimeScheduler();
    const bundled: Pane<number, unknown>[] = [];
    testStream<UserEv>()
      .addElements(timestamped(ev('a', '1', 0), 0), timestamped(ev('a', '1', 5), 5), timestamped(ev('a', '1', 12), 12))
      .advanceWatermarkToInfinity()
      .build({ scheduler: vts })
      .pipe(
        sessionWindow(10),
        combinePerKey((e: UserEv) => [e.user, Number(e.region)], Combine.count()),
      )
      .subscribe((p) => bundled.push(p));
    vts.flush();
    expect(bundled).toEqual([session(0, 22, 3)]);
  });

  it('coGroupByKey joins inputs whose keys come from withKeys as new arrays', () => {
    const vts = new VirtualTimeScheduler();
    const clicks = from([ev('u1', 'eu', 1_000), ev('u1', 'eu', 2_000)]).pipe(
      assignEventTime((e: UserEv) => e.t, { scheduler: vts }),
      fixedWindow(60_000),
      withKeys((e: UserEv) => [e.user, e.region]),
    );
    const views = from([ev('u1', 'eu', 1_500), ev('u2', 'eu', 2_500)]).pipe(
      assignEventTime((e: UserEv) => e.t, { scheduler: vts }),
      fixedWindow(60_000),
      withKeys((e: UserEv) => [e.user, e.region]),
    );
    const out: unknown[] = [];
    coGroupByKey({ clicks, views }).subscribe((p) => out.push(p));
    vts.flush();
    expect(out).toEqual([
      onlyPane(['u1', 'eu'], W, { clicks: [ev('u1', 'eu', 1_000), ev('u1', 'eu', 2_000)], views: [ev('u1', 'eu', 1_500)] }),
      onlyPane(['u2', 'eu'], W, { clicks: [], views: [ev('u2', 'eu', 2_500)] }),
    ]);
  });
});

describe('invalid keys end the stream by default (onError: fail)', () => {
  it('a missing key (undefined) is bad input, not a group', () => {
    const { values, error } = run([ev('u1', 'eu', 1_000)], (e$) =>
      e$.pipe(
        fixedWindow(60_000),
        combinePerKey((e: UserEv) => (e as unknown as { missing: string }).missing, Combine.count()),
      ),
    );
    expect(values).toEqual([]);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe(`combinePerKey: ${KEY_RULE}, got undefined (a missing key)`);
  });

  it.each<[string, (e: UserEv) => unknown, string]>([
    ['a Map inside an object', (e) => ({ user: e.user, tags: new Map() }), 'an instance of Map at key.tags'],
    ['a symbol', () => Symbol.for('k'), 'a symbol'],
    ['undefined inside an array', (e) => [e.user, undefined], 'undefined (a missing key) at key[1]'],
  ])('%s is refused, saying where', (_name, key, shown) => {
    const { error } = run([ev('u1', 'eu', 1_000)], (e$) => e$.pipe(fixedWindow(60_000), groupByKey(key)));
    expect((error as Error).message).toBe(`groupByKey: ${KEY_RULE}, got ${shown}`);
  });

  it('withKeys refuses an invalid key where it is made', () => {
    const { error } = run([ev('u1', 'eu', 1_000)], (e$) => e$.pipe(withKeys(() => undefined)));
    expect((error as Error).message).toBe(`withKeys: ${KEY_RULE}, got undefined (a missing key)`);
  });
});
