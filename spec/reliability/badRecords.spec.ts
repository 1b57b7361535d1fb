import { from, mergeMap, Subject, VirtualTimeScheduler, type Observable, type OperatorFunction } from 'rxjs';
import {
  assignEventTime,
  coGroupByKey,
  Combine,
  combineFields,
  combinePerKey,
  deadLetter,
  fixedWindow,
  groupByKey,
  intervalWindow,
  KEY_RULE,
  MIN_TIMESTAMP,
  sessionWindow,
  withKeys,
  type CombineFn,
  type DeadLetter,
  type EventTimeRecord,
  type GroupingMetrics,
  type Window,
} from '../../src/index';
import { testStream, timestamped } from '../../src/testing/index';

interface Ev {
  readonly id: string;
  readonly user?: string | undefined;
  readonly ms: unknown;
  readonly t: number;
}

const ev = (id: string, user: string | undefined, ms: unknown, t: number): Ev => ({ id, user, ms, t });

function onlyPane<V, K>(key: K, window: Window, value: V) {
  return { key, window, value, pane: { timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: true }, timestamp: window.maxTimestamp };
}

interface Run<R> {
  readonly values: R[];
  readonly error: unknown;
  readonly letters: DeadLetter<Ev>[];
  readonly metrics: GroupingMetrics[];
}

/** Runs a batch of events through `pipeline(sinks)`, with a dead-letter and a metrics sink to hand to the grouping. */
function run<R>(
  events: readonly Ev[],
  pipeline: (sinks: { deadLetters: Subject<DeadLetter<Ev>>; metrics: Subject<GroupingMetrics> }) => OperatorFunction<EventTimeRecord<Ev>, R>,
): Run<R> {
  const vts = new VirtualTimeScheduler();
  const deadLetters = new Subject<DeadLetter<Ev>>();
  const metrics = new Subject<GroupingMetrics>();
  const out: Run<R> = { values: [], error: undefined, letters: [], metrics: [] };
  deadLetters.subscribe((d) => out.letters.push(d));
  metrics.subscribe((m) => out.metrics.push(m));
  from(events)
    .pipe(assignEventTime((e: Ev) => e.t, { scheduler: vts }), pipeline({ deadLetters, metrics }))
    .subscribe({ next: (v) => out.values.push(v), error: (e: unknown) => ((out as { error: unknown }).error = e) });
  vts.flush();
  return out;
}

const W = intervalWindow(0, 60_000);
const latency = (e: Ev) => e.ms as number;
const last = <T>(xs: readonly T[]): T => xs[xs.length - 1];

describe("onError: build-time checks", () => {
  it('refuses an unknown policy, and route without a deadLetters sink', () => {
    expect(() => combinePerKey((e: Ev) => e.id, Combine.count(), { onError: 'skip' as never })).toThrow(
      new RangeError("combinePerKey: onError must be 'fail' or 'route', got \"skip\""),
    );
    expect(() => groupByKey((e: Ev) => e.id, { onError: 'route' })).toThrow(new TypeError("groupByKey: onError 'route' needs a deadLetters sink with next(), got undefined"));
    expect(() => withKeys((e: Ev) => e.id, { onError: 'route', deadLetters: {} as never })).toThrow(
      new TypeError("withKeys: onError 'route' needs a deadLetters sink with next(), got an object (Object)"),
    );
  });
});

describe("onError: 'route' turns one bad record into a dead letter; the stream goes on", () => {
  it('Combine.mean given "slow": the element is a dead letter with the error as cause; the mean is of the others', () => {
    const events = [ev('a', 'u1', 10, 1_000), ev('b', 'u1', 'slow', 2_000), ev('c', 'u1', 20, 3_000)];
    const r = run(events, ({ deadLetters, metrics }) => (e$) =>
      e$.pipe(fixedWindow(60_000), combinePerKey((e: Ev) => e.user, Combine.mean(latency), { onError: 'route', deadLetters, metrics })),
    );
    expect(r.error).toBeUndefined();
    expect(r.values).toEqual([onlyPane('u1', W, 15)]);
    expect(r.letters).toEqual([
      {
        operator: 'combinePerKey',
        reason: 'combine-function-threw',
        value: events[1],
        timestamp: 2_000,
        watermark: MIN_TIMESTAMP,
        message: 'combinePerKey: mean: each value must be a finite number, got "slow" (routed as a dead letter)',
        cause: expect.any(TypeError),
      },
    ]);
    expect((r.letters[0].cause as Error).message).toBe('mean: each value must be a finite number, got "slow"');
    expect(last(r.metrics)).toMatchObject({ elementsIn: 2, badRecords: 1, dropped: 0, panesOut: 1, openWindows: 0 });
  });

  it('no accumulator is half-updated: combineFields { count, mean } refuses the element before counting it', () => {
    const events = [ev('a', 'u1', 10, 1_000), ev('b', 'u1', 'slow', 2_000), ev('c', 'u1', 20, 3_000)];
    const r = run(events, ({ deadLetters }) => (e$) =>
      e$.pipe(
        fixedWindow(60_000),
        combinePerKey((e: Ev) => e.user, combineFields({ n: Combine.count<Ev>(), mean: Combine.mean(latency) }), { onError: 'route', deadLetters }),
      ),
    );
    expect(r.values).toEqual([onlyPane('u1', W, { n: 2, mean: 15 })]);
    expect(r.letters.map((d) => [d.reason, d.value.id])).toEqual([['combine-function-threw', 'b']]);
  });

  it('a throwing key function and a missing key: each element once, without a window, with its reason', () => {
    const boom = new Error('no user field');
    const events = [ev('a', 'u1', 1, 1_000), ev('b', 'u1', 1, 2_000), ev('c', undefined, 1, 3_000), ev('d', 'u2', 1, 4_000)];
    const r = run(events, ({ deadLetters, metrics }) => (e$) =>
      e$.pipe(
        fixedWindow(60_000),
        groupByKey(
          (e: Ev) => {
            if (e.id === 'b') throw boom;
            return e.user;
          },
          { onError: 'route', deadLetters, metrics },
        ),
      ),
    );
    expect(r.values).toEqual([onlyPane('u1', W, [events[0]]), onlyPane('u2', W, [events[3]])]);
    expect(r.letters).toEqual([
      {
        operator: 'groupByKey',
        reason: 'key-function-threw',
        value: events[1],
        timestamp: 2_000,
        watermark: MIN_TIMESTAMP,
        message: 'groupByKey: the key function threw for an object (Object): no user field (routed as a dead letter)',
        cause: expect.any(Error),
      },
      {
        operator: 'groupByKey',
        reason: 'invalid-key',
        value: events[2],
        timestamp: 3_000,
        watermark: MIN_TIMESTAMP,
        message: `groupByKey: ${KEY_RULE}, got undefined (a missing key) (routed as a dead letter)`,
        cause: expect.any(TypeError),
      },
    ]);
    expect((r.letters[0].cause as Error).cause).toBe(boom);
    expect(last(r.metrics)).toMatchObject({ elementsIn: 2, badRecords: 2, dropped: 0, openWindows: 0 });
  });

  it('in a bundle, and under session windows, the bad element is left out and the rest of the bundle is one pane', () => {
    for (const windowing of ['fixed', 'sessions'] as const) {
      const vts = new VirtualTimeScheduler();
      const deadLetters = new Subject<DeadLetter<Ev>>();
      const letters: string[] = [];
      deadLetters.subscribe((d) => letters.push(`${d.reason} ${d.value.id}`));
      const panes: unknown[] = [];
      testStream<Ev>()
        .addElements(
          timestamped(ev('a', 'u1', 10, 1), 1),
          timestamped(ev('b', 'u1', 'slow', 2), 2),
          timestamped(ev('c', undefined, 5, 3), 3),
          timestamped(ev('d', 'u1', 20, 4), 4),
        )
        .advanceWatermarkToInfinity()
        .build({ scheduler: vts })
        .pipe(
          windowing === 'fixed' ? fixedWindow(60_000) : sessionWindow(10),
          combinePerKey((e: Ev) => e.user, Combine.mean(latency), { onError: 'route', deadLetters }),
        )
        .subscribe((p) => panes.push(p));
      vts.flush();
      expect(panes).toEqual([onlyPane('u1', windowing === 'fixed' ? W : intervalWindow(1, 14), 15)]);
      expect(letters).toEqual(['combine-function-threw b', 'invalid-key c']);
    }
  });

  it('withKeys routes a throwing key function and an invalid key; the grouping after it groups the rest', () => {
    const vts = new VirtualTimeScheduler();
    const deadLetters = new Subject<DeadLetter<Ev>>();
    const letters: DeadLetter<Ev>[] = [];
    deadLetters.subscribe((d) => letters.push(d));
    const out: unknown[] = [];
    from([ev('a', 'u1', 1, 1_000), ev('b', 'u1', 1, 2_000), ev('c', undefined, 1, 3_000)])
      .pipe(
        assignEventTime((e: Ev) => e.t, { scheduler: vts }),
        fixedWindow(60_000),
        withKeys(
          (e: Ev) => {
            if (e.id === 'b') throw new Error('boom');
            return e.user;
          },
          { onError: 'route', deadLetters },
        ),
        groupByKey((kv) => kv.key),
      )
      .subscribe((p) => out.push(p));
    vts.flush();
    expect(out).toEqual([onlyPane('u1', W, [{ key: 'u1', value: ev('a', 'u1', 1, 1_000) }])]);
    expect(letters.map((d) => [d.operator, d.reason, d.value.id, d.timestamp, d.message])).toEqual([
      ['withKeys', 'key-function-threw', 'b', 2_000, 'withKeys: the key function threw for an object (Object): boom (routed as a dead letter)'],
      ['withKeys', 'invalid-key', 'c', 3_000, `withKeys: ${KEY_RULE}, got undefined (a missing key) (routed as a dead letter)`],
    ]);
  });
});

describe("onError: 'route' does not hide errors that no single element caused", () => {
  /** A list CombineFn over ids that throws in `method` once `when` says so. */
  const failing = (method: 'addInput' | 'mergeAccumulators' | 'extractOutput', when: (acc: string[]) => boolean): CombineFn<Ev, string[], string[]> => {
    const fn: CombineFn<Ev, string[], string[]> = {
      createAccumulator: () => [],
      addInput: (acc, e) => [...acc, e.id],
      mergeAccumulators: (accs) => accs.flat(),
      extractOutput: (acc) => acc,
    };
    const original = fn[method] as (...args: unknown[]) => string[];
    return {
      ...fn,
      [method]: (...args: unknown[]) => {
        if (when(args[0] as string[])) throw new Error(`${method} gave up`);
        return original(...args);
      },
    };
  };

  it.each<[string, ReturnType<typeof failing>, OperatorFunction<EventTimeRecord<Ev>, EventTimeRecord<Ev>>, string]>([
    ['an addInput that fails on the window state (not on the element alone)', failing('addInput', (acc) => acc.length >= 2), fixedWindow(60_000), 'addInput'],
    ['a mergeAccumulators that throws (sessions merging)', failing('mergeAccumulators', () => true), sessionWindow(10_000), 'mergeAccumulators'],
    ['an extractOutput that throws', failing('extractOutput', () => true), fixedWindow(60_000), 'extractOutput'],
  ])('%s ends the stream', (_name, fn, windowing, method) => {
    // Under sessions of 10 s, the third element bridges the sessions of the first two.
    const events = [ev('a', 'u1', 1, 1_000), ev('b', 'u1', 1, 20_000), ev('c', 'u1', 1, 10_500)];
    const r = run(events, ({ deadLetters, metrics }) => (e$: Observable<EventTimeRecord<Ev>>) =>
      e$.pipe(windowing, combinePerKey((e: Ev) => e.user, fn, { onError: 'route', deadLetters, metrics })),
    );
    expect(r.values).toEqual([]);
    expect(r.letters).toEqual([]);
    expect((r.error as Error).message).toBe(`combinePerKey: combineFn.${method} threw: ${method} gave up`);
    expect(last(r.metrics).openWindows).toBe(0);
  });
});

describe('deadLetter: routing your own records', () => {
  it('builds a dead letter with your reason, the cause and a message', () => {
    let cause: unknown;
    try {
      JSON.parse('{oops');
    } catch (e) {
      cause = e;
    }
    const letter = deadLetter('parseEvent', 'invalid-json', '{oops', { cause });
    expect(letter).toEqual({
      operator: 'parseEvent',
      reason: 'invalid-json',
      value: '{oops',
      watermark: MIN_TIMESTAMP,
      message: `parseEvent: invalid-json: ${(cause as Error).message} (value: "{oops")`,
      cause,
    });
    expect(deadLetter('validate', 'negative-amount', { amount: -1 }, { timestamp: 5, watermark: 3, message: 'amount must be positive' })).toEqual({
      operator: 'validate',
      reason: 'negative-amount',
      value: { amount: -1 },
      timestamp: 5,
      watermark: 3,
      message: 'amount must be positive',
    });
  });

  it("goes on the same channel as the grouping's own", () => {
    interface Parsed {
      readonly user?: string;
      readonly t: number;
    }
    const lines = ['{"user":"u1","t":1000}', '{oops', '{"t":2000}', '{"user":"u1","t":3000}'];
    const vts = new VirtualTimeScheduler();
    const deadLetters = new Subject<DeadLetter<unknown>>();
    const reasons: string[] = [];
    deadLetters.subscribe((d) => reasons.push(`${d.operator} ${d.reason}`));
    const panes: unknown[] = [];
    from(lines)
      .pipe(
        mergeMap((line) => {
          try {
            return [JSON.parse(line) as Parsed];
          } catch (e) {
            deadLetters.next(deadLetter('parseEvent', 'invalid-json', line, { cause: e }));
            return [];
          }
        }),
        assignEventTime((e: Parsed) => e.t, { scheduler: vts }),
        fixedWindow(60_000),
        groupByKey((e: Parsed) => e.user, { onError: 'route', deadLetters }),
      )
      .subscribe((p) => panes.push(p));
    vts.flush();
    expect(reasons).toEqual(['parseEvent invalid-json', 'groupByKey invalid-key']);
    expect(panes).toEqual([onlyPane('u1', W, [{ user: 'u1', t: 1_000 }, { user: 'u1', t: 3_000 }])]);
  });

  it('refuses an empty operator or reason', () => {
    expect(() => deadLetter('', 'x', 1)).toThrow(new TypeError('deadLetter: operator must be a non-empty string (the step that refused the value), got ""'));
    expect(() => deadLetter('parse', undefined as never, 1)).toThrow(new TypeError('deadLetter: reason must be a non-empty string, got undefined'));
  });
});

describe('coGroupByKey: onError applies to the keys of its inputs', () => {
  interface Kv {
    readonly key: unknown;
    readonly value: string;
    readonly t: number;
  }
  const keyed = (vts: VirtualTimeScheduler, items: Kv[]) =>
    from(items).pipe(
      assignEventTime((kv: Kv) => kv.t, { scheduler: vts }),
      fixedWindow(60_000),
    );

  it('routes an element whose key is missing, and joins the rest; by default the missing key ends the stream', () => {
    for (const onError of ['route', 'fail'] as const) {
      const vts = new VirtualTimeScheduler();
      const deadLetters = new Subject<DeadLetter<unknown>>();
      const letters: string[] = [];
      deadLetters.subscribe((d) => letters.push(`${d.operator} ${d.reason} ${d.message}`));
      const out: unknown[] = [];
      let error: unknown;
      coGroupByKey(
        {
          a: keyed(vts, [
            { key: ['u', 1], value: 'a1', t: 1_000 },
            { key: undefined, value: 'a2', t: 2_000 },
          ]),
          b: keyed(vts, [{ key: ['u', 1], value: 'b1', t: 3_000 }]),
        },
        { onError, deadLetters },
      ).subscribe({ next: (p) => out.push(p), error: (e: unknown) => (error = e) });
      vts.flush();
      if (onError === 'route') {
        expect(error).toBeUndefined();
        expect(out).toEqual([onlyPane(['u', 1], W, { a: ['a1'], b: ['b1'] })]);
        expect(letters).toEqual([`coGroupByKey invalid-key coGroupByKey: ${KEY_RULE}, got undefined (a missing key) (routed as a dead letter)`]);
      } else {
        expect(out).toEqual([]);
        expect((error as Error).message).toBe(`coGroupByKey: ${KEY_RULE}, got undefined (a missing key)`);
      }
    }
  });
});
