import { from, Observable, Subject, throwError, concat, VirtualTimeScheduler, type SchedulerLike } from 'rxjs';
import {
  assignEventTime,
  combinePerKey,
  Combine,
  fixedWindow,
  mergeEventTime,
  slidingWindow,
  groupByKey,
  MAX_TIMESTAMP,
  type CombineFn,
  type DeadLetter,
  type EventTimeRecord,
  type GroupingMetrics,
} from '../../src/index';
import { eventTimeMarbles, expectPanes } from '../../src/testing/index';
import { TestScheduler } from 'rxjs/testing';

interface Ev {
  readonly id: string;
  readonly at: unknown;
}

function collect<T>(obs: Observable<T>, vts: VirtualTimeScheduler): { values: T[]; error: unknown; completed: boolean } {
  const out = { values: [] as T[], error: undefined as unknown, completed: false };
  obs.subscribe({ next: (v) => out.values.push(v), error: (e: unknown) => (out.error = e), complete: () => (out.completed = true) });
  vts.flush();
  return out;
}

const ok: Ev = { id: 'ok', at: 1_000 };
const BAD: [string, unknown, string][] = [
  ['undefined', undefined, 'undefined'],
  ['NaN', Number.NaN, 'NaN'],
  ['Infinity', Number.POSITIVE_INFINITY, 'Infinity'],
  ['a string', '2024-01-01', '"2024-01-01" (parse it to epoch ms first)'],
  ['a Date', new Date(0), 'a Date (1970-01-01T00:00:00.000Z) (use date.getTime())'],
  ['beyond the timestamp range', 9e15, '9000000000000000'],
];

describe('assignEventTime: bad event times', () => {
  const stamp = (policy: object, scheduler: SchedulerLike) => assignEventTime((e: Ev) => e.at as number, { scheduler, ...policy });

  it.each(BAD)("errors by default on %s, naming the operator, the rule and the value", (_name, at, shown) => {
    const vts = new VirtualTimeScheduler();
    const r = collect(from([ok, { id: 'bad', at }, ok]).pipe(stamp({}, vts)), vts);
    expect(r.values).toEqual([{ kind: 'element', value: ok, timestamp: 1_000 }]);
    expect(r.error).toBeInstanceOf(TypeError);
    expect((r.error as Error).message).toBe(`assignEventTime: event time must be a finite number of epoch ms within ±8.64e15, got ${shown}`);
  });

  it.each(BAD)("skips %s under 'drop' and reports it to onInvalidValue", (_name, at, shown) => {
    const vts = new VirtualTimeScheduler();
    const skipped: [unknown, string][] = [];
    const bad = { id: 'bad', at };
    const r = collect(from([ok, bad]).pipe(stamp({ onInvalid: 'drop', onInvalidValue: (v: Ev, why: string) => skipped.push([v, why]) }, vts)), vts);
    expect(r.values).toEqual([
      { kind: 'element', value: ok, timestamp: 1_000 },
      { kind: 'watermark', watermark: MAX_TIMESTAMP },
    ]);
    expect(r.completed).toBe(true);
    expect(skipped).toEqual([[bad, `event time must be a finite number of epoch ms within ±8.64e15, got ${shown}`]]);
  });

  it.each(BAD)("routes %s under 'route' to the dead letters with a reason", (_name, at, shown) => {
    const vts = new VirtualTimeScheduler();
    const letters: DeadLetter<Ev>[] = [];
    const deadLetters = new Subject<DeadLetter<Ev>>();
    deadLetters.subscribe((d) => letters.push(d));
    const bad = { id: 'bad', at };
    const r = collect(from([ok, bad]).pipe(stamp({ onInvalid: 'route', deadLetters }, vts)), vts);
    expect(r.values.filter((x) => x.kind === 'element')).toEqual([{ kind: 'element', value: ok, timestamp: 1_000 }]);
    expect(letters).toEqual([
      {
        operator: 'assignEventTime',
        reason: 'invalid-event-time',
        value: bad,
        watermark: -8.64e15,
        message: `assignEventTime: event time must be a finite number of epoch ms within ±8.64e15, got ${shown} (value: an object (Object))`,
      },
    ]);
  });

  it('routes a throwing event-time function with its own reason, and errors with the cause by default', () => {
    const boom = new Error('no time');
    const fn = (e: Ev) => {
      if (e.id === 'bad') throw boom;
      return e.at as number;
    };
    const vts = new VirtualTimeScheduler();
    const letters: DeadLetter<Ev>[] = [];
    collect(from([{ id: 'bad', at: 0 }]).pipe(assignEventTime(fn, { scheduler: vts, onInvalid: 'route', deadLetters: { next: (d) => letters.push(d) } })), vts);
    expect(letters.map((d) => [d.reason, d.message])).toEqual([
      ['event-time-function-threw', 'assignEventTime: the eventTime function threw for an object (Object) (value: an object (Object))'],
    ]);
    const r = collect(from([{ id: 'bad', at: 0 }]).pipe(assignEventTime(fn, { scheduler: vts })), vts);
    expect((r.error as Error).message).toBe('assignEventTime: the eventTime function threw for an object (Object): no time');
    expect((r.error as Error).cause).toBe(boom);
  });

  it("rejects 'route' without a sink, and unknown policies, when the operator is built", () => {
    expect(() => assignEventTime((e: Ev) => 0, { onInvalid: 'route' })).toThrow(new TypeError("assignEventTime: onInvalid 'route' needs a deadLetters sink with next(), got undefined"));
    expect(() => assignEventTime((e: Ev) => 0, { onInvalid: 'skip' as never })).toThrow(new RangeError("assignEventTime: onInvalid must be 'error', 'drop' or 'route', got \"skip\""));
  });
});

describe('watermarks that move backwards are ignored', () => {
  const scheduler = () => new TestScheduler((a, e) => expect(a).toEqual(e));

  it('at the grouping: a late element stays late after a lower watermark', () => {
    scheduler().run(({ cold, flush }) => {
      const dropped: string[] = [];
      const events$ = cold(...eventTimeMarbles('(W:2m) (W:10s) a (W:+inf) |', { a: ['x', '5s'] }));
      const panes$ = events$.pipe(fixedWindow(60_000), groupByKey(() => 'k', { onDropped: (d) => dropped.push(d.reason) }));
      expectPanes(panes$, { flush }).toBe('');
      expect(dropped).toEqual(['beyond-allowed-lateness']);
    });
  });

  it('at mergeEventTime: the merged watermark never regresses', () => {
    scheduler().run(({ cold, flush }) => {
      const left = cold(...eventTimeMarbles('(W:30s) 10ms (W:10s) 10ms (W:40s) 10ms |', {}));
      const right = cold(...eventTimeMarbles('(W:20s) 15ms (W:50s) 30ms |', {}));
      const seen: number[] = [];
      mergeEventTime(left, right).subscribe((r) => r.kind === 'watermark' && seen.push(r.watermark));
      flush();
      // left 30s, right 20s -> 20s; left 10s ignored; right 50s -> 30s; left 40s -> 40s;
      // left completes -> right's 50s; right completes -> +inf
      expect(seen).toEqual([20_000, 30_000, 40_000, 50_000, MAX_TIMESTAMP]);
    });
  });
});

describe('user code that throws inside a grouping', () => {
  const run = (pipeline: (events$: Observable<EventTimeRecord<Ev>>) => Observable<unknown>) => {
    const vts = new VirtualTimeScheduler();
    const metrics: GroupingMetrics[] = [];
    const src = from([ok, { id: 'two', at: 2_000 }]).pipe(assignEventTime((e: Ev) => e.at as number, { scheduler: vts }));
    const r = collect(pipeline(src), vts);
    return { ...r, metrics };
  };

  it('a key function that throws errors the stream naming the operator and the value, original as cause', () => {
    const boom = new Error('no key');
    const r = run((e$) =>
      e$.pipe(
        fixedWindow(60_000),
        combinePerKey((e: Ev) => {
          if (e.id === 'two') throw boom;
          return e.id;
        }, Combine.count()),
      ),
    );
    expect(r.values).toEqual([]);
    expect((r.error as Error).message).toBe('combinePerKey: the key function threw for an object (Object): no key');
    expect((r.error as Error).cause).toBe(boom);
  });

  it.each(['createAccumulator', 'addInput', 'extractOutput'] as const)('a CombineFn whose %s throws errors the stream naming the method', (method) => {
    const boom = new Error(`bad ${method}`);
    const count = Combine.count<Ev>();
    const fn: CombineFn<Ev, unknown, unknown> = {
      createAccumulator: () => count.createAccumulator(),
      addInput: (acc, x) => count.addInput(acc as number, x),
      mergeAccumulators: (accs) => count.mergeAccumulators(accs as number[]),
      extractOutput: (acc) => count.extractOutput(acc as number),
      [method]: () => {
        throw boom;
      },
    };
    const letters: GroupingMetrics[] = [];
    const r = run((e$) => e$.pipe(fixedWindow(60_000), combinePerKey((e: Ev) => e.id, fn, { metrics: { next: (m) => letters.push(m) } })));
    expect((r.error as Error).message).toBe(`combinePerKey: combineFn.${method} threw: bad ${method}`);
    expect((r.error as Error).cause).toBe(boom);
    // The state of the failed grouping is released.
    expect(letters[letters.length - 1].openWindows).toBe(0);
  });

  it('an extractOutput that returns undefined is an allowed value: the pane carries it', () => {
    const fn: CombineFn<Ev, number, undefined> = {
      createAccumulator: () => 0,
      addInput: (acc) => acc + 1,
      mergeAccumulators: (accs) => accs.reduce((a, b) => a + b, 0),
      extractOutput: () => undefined,
    };
    const r = run((e$) => e$.pipe(fixedWindow(60_000), combinePerKey(() => 'k', fn)));
    expect(r.error).toBeUndefined();
    expect(r.values).toEqual([
      {
        key: 'k',
        window: { start: 0, end: 60_000, maxTimestamp: 59_999 },
        value: undefined,
        pane: { timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: true },
        timestamp: 59_999,
      },
    ]);
  });
});

describe('a source that errors', () => {
  it('releases the grouping state and forwards the error naming the operator, original as cause', () => {
    const vts = new VirtualTimeScheduler();
    const cause = new Error('connection reset');
    const metrics: GroupingMetrics[] = [];
    const records$ = concat(
      from<EventTimeRecord<Ev>[]>([
        { kind: 'element', value: ok, timestamp: 1_000 },
        { kind: 'element', value: { id: 'b', at: 61_000 }, timestamp: 61_000 },
      ]),
      throwError(() => cause),
    );
    const r = collect(records$.pipe(fixedWindow(60_000), combinePerKey((e: Ev) => e.id, Combine.count(), { scheduler: vts, metrics: { next: (m) => metrics.push(m) } })), vts);
    expect(r.values).toEqual([]);
    expect(r.error).toBeInstanceOf(Error);
    expect((r.error as Error).message).toBe('combinePerKey: the source errored: connection reset');
    expect((r.error as Error).cause).toBe(cause);
    expect(metrics.map((m) => m.openWindows)).toEqual([1, 2, 0]);
  });

  it('is named once, by the operator nearest to the source', () => {
    const vts = new VirtualTimeScheduler();
    const cause = new Error('disk full');
    const r = collect(
      concat(from([ok]), throwError(() => cause)).pipe(assignEventTime((e: Ev) => e.at as number, { scheduler: vts }), fixedWindow(60_000), combinePerKey((e: Ev) => e.id, Combine.count())),
      vts,
    );
    expect((r.error as Error).message).toBe('assignEventTime: the source errored: disk full');
    expect((r.error as Error).cause).toBe(cause);
  });
});

describe('too many windows per element', () => {
  it('is refused when the operator is built, before any element', () => {
    expect(() => slidingWindow(60_000, 1)).toThrow(new RangeError('slidingWindow: size / period must be at most 10000 windows per element, got 60000 / 1 = 60000'));
  });
});
