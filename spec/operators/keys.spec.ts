import { from, VirtualTimeScheduler, type Observable, type OperatorFunction } from 'rxjs';
import {
  assignEventTime,
  coGroupByKey,
  Combine,
  combinePerKey,
  fixedWindow,
  groupByKey,
  intervalWindow,
  KEY_RULE,
  sessionWindow,
  withKeys,
  type EventTimeRecord,
  type Pane,
  type Window,
} from '../../src/index';
import { testStream, timestamped } from '../../src/testing/index';

interface Ev {
  readonly user: string;
  readonly region: string;
  readonly t: number;
}

const ev = (user: string, region: string, t: number): Ev => ({ user, region, t });

/** The only pane of a window in a batch run: ON_TIME, first and last, at the window's end. */
function onlyPane<V, K>(key: K, window: Window, value: V) {
  return { key, window, value, pane: { timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: true }, timestamp: window.maxTimestamp };
}

function run<R>(events: readonly Ev[], pipeline: OperatorFunction<EventTimeRecord<Ev>, R>): { values: R[]; error: unknown } {
  const vts = new VirtualTimeScheduler();
  const out = { values: [] as R[], error: undefined as unknown };
  from(events)
    .pipe(assignEventTime((e: Ev) => e.t, { scheduler: vts }), pipeline)
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
      (e$: Observable<EventTimeRecord<Ev>>) =>
        e$.pipe(
          fixedWindow(60_000),
          combinePerKey((e: Ev) => {
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
        groupByKey((e: Ev) => (e.t === 3_000 ? { region: e.region, user: e.user } : { user: e.user, region: e.region })),
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
        combinePerKey((e: Ev) => new Date(e.t < 3_000 ? 0 : 3_000), Combine.count()),
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
          combinePerKey((e: Ev) => keys[Number(e.user)], Combine.count()),
        ),
    );
    expect(values).toEqual([onlyPane(1, W, 2), onlyPane('1', W, 1), onlyPane([1], W, 2), onlyPane(['1'], W, 1)]);
  });

  it('sessions merge per composite key, one element at a time and in a bundle', () => {
    const session = (start: number, end: number, value: number) => onlyPane(['a', 1], intervalWindow(start, end), value);
    const oneByOne = run([ev('a', '1', 0), ev('a', '1', 5), ev('b', '1', 6), ev('a', '1', 30)], (e$) =>
      e$.pipe(
        sessionWindow(10),
        combinePerKey((e: Ev) => [e.user, Number(e.region)], Combine.count()),
      ),
    ).values;
    expect(oneByOne).toEqual([session(0, 15, 2), onlyPane(['b', 1], intervalWindow(6, 16), 1), session(30, 40, 1)]);

    const vts = new VirtualTimeScheduler();
    const bundled: Pane<number, unknown>[] = [];
    testStream<Ev>()
      .addElements(timestamped(ev('a', '1', 0), 0), timestamped(ev('a', '1', 5), 5), timestamped(ev('a', '1', 12), 12))
      .advanceWatermarkToInfinity()
      .build({ scheduler: vts })
      .pipe(
        sessionWindow(10),
        combinePerKey((e: Ev) => [e.user, Number(e.region)], Combine.count()),
      )
      .subscribe((p) => bundled.push(p));
    vts.flush();
    expect(bundled).toEqual([session(0, 22, 3)]);
  });

  it('coGroupByKey joins inputs whose keys come from withKeys as new arrays', () => {
    const vts = new VirtualTimeScheduler();
    const clicks = from([ev('u1', 'eu', 1_000), ev('u1', 'eu', 2_000)]).pipe(
      assignEventTime((e: Ev) => e.t, { scheduler: vts }),
      fixedWindow(60_000),
      withKeys((e: Ev) => [e.user, e.region]),
    );
    const views = from([ev('u1', 'eu', 1_500), ev('u2', 'eu', 2_500)]).pipe(
      assignEventTime((e: Ev) => e.t, { scheduler: vts }),
      fixedWindow(60_000),
      withKeys((e: Ev) => [e.user, e.region]),
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
        combinePerKey((e: Ev) => (e as unknown as { missing: string }).missing, Combine.count()),
      ),
    );
    expect(values).toEqual([]);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe(`combinePerKey: ${KEY_RULE}, got undefined (a missing key)`);
  });

  it.each<[string, (e: Ev) => unknown, string]>([
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
