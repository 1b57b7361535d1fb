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
import * as api from '../../src/index';
import * as testing from '../../src/testing/index';

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

describe('bad options of every public factory and operator are refused when it is built', () => {
  const no = (v: unknown) => v as never;
  const pane = {
    key: 'k',
    window: api.intervalWindow(0, 1_000),
    value: 1,
    pane: { timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: true },
    timestamp: 999,
  } as const;
  const firing = { cause: 'watermark', inputWatermark: 1_000, outputWatermark: 999, processingTime: 0, readyTriggers: [] } as const;
  const key = (x: number) => x;
  const count = api.Combine.count<number>();
  const rec = { events: [] };
  const SCHEDULER = 'must be an RxJS scheduler with now() and schedule(), got';
  const SINK = 'must be an observer with next() (a Subject, for example), got';
  const table: [string, () => unknown, ErrorConstructor, string][] = [
    // Windows
    ['fixedWindow', () => api.fixedWindow(10, no(null)), TypeError, 'fixedWindow: options must be an object, got null'],
    ['fixedWindow', () => api.fixedWindow(10, no(5)), TypeError, 'fixedWindow: options must be an object, got 5'],
    ['fixedWindow', () => api.fixedWindow(no(5n)), RangeError, 'fixedWindow: size must be a positive finite number of ms, got 5n'],
    ['fixedWindow', () => api.fixedWindow(10, { offset: 10 }), RangeError, 'fixedWindow: offset must be a finite number of ms in [0, size), got 10'],
    ['slidingWindow', () => api.slidingWindow(10, 5, no(null)), TypeError, 'slidingWindow: options must be an object, got null'],
    ['slidingWindow', () => api.slidingWindow(10, no(null)), RangeError, 'slidingWindow: period must be a positive finite number of ms, got null'],
    ['sessionWindow', () => api.sessionWindow(-1), RangeError, 'sessionWindow: gap must be a positive finite number of ms, got -1'],
    ['calendarWindow', () => api.calendarWindow('day', no(null)), TypeError, 'calendarWindow: options must be an object, got null'],
    ['calendarWindow', () => api.calendarWindow(no('hour')), RangeError, "calendarWindow: unit must be one of 'day', 'week', 'month', 'year', got \"hour\""],
    [
      'windowInto',
      () => api.windowInto(no(null)),
      TypeError,
      'windowInto: windowFn must be a WindowFn (fixedWindows(...), slidingWindows(...), sessionWindows(...), ...), got null',
    ],
    ['windowInto', () => api.windowInto(no({})), TypeError, 'windowInto: windowFn.assign must be a function, got undefined'],
    ['windowInto', () => api.windowInto(no({ assign: () => [] })), TypeError, 'windowInto: windowFn.description must be a string, got undefined'],
    ['windowInto', () => api.windowInto(no({ assign: () => [], description: 'x' })), TypeError, 'windowInto: windowFn.isMerging must be true or false, got undefined'],
    [
      'windowInto',
      () => api.windowInto(no({ assign: () => [], description: 'x', isMerging: true })),
      TypeError,
      'windowInto: windowFn.mergeWindows must be a function when isMerging is true, got undefined',
    ],
    [
      'windowInto',
      () => api.windowInto(no({ ...api.fixedWindows(10), outputTime: 5 })),
      TypeError,
      'windowInto: windowFn.outputTime must be a function, got 5',
    ],
    ['fixedWindows', () => api.fixedWindows(0), RangeError, 'fixedWindows: size must be a positive finite number of ms, got 0'],
    ['slidingWindows', () => api.slidingWindows(10, 0), RangeError, 'slidingWindows: period must be a positive finite number of ms, got 0'],
    ['sessionWindows', () => api.sessionWindows(Number.NaN), RangeError, 'sessionWindows: gap must be a positive finite number of ms, got NaN'],
    ['calendarWindows', () => api.calendarWindows('day', no(null)), TypeError, 'calendarWindows: options must be an object, got null'],
    // Triggers and the strategy (the trees themselves: spec/triggers/validateTrigger.spec.ts)
    ['triggering', () => api.triggering(no({ kind: 'bogus' })), TypeError, "triggering: trigger.kind must be one of 'default', 'afterWatermark', 'afterProcessingTime', 'afterSynchronizedProcessingTime', 'afterCount', 'repeatedly', 'afterEach', 'afterFirst', 'afterAll', 'orFinally', 'never', got \"bogus\""],
    ['triggering', () => api.triggering(api.afterCount(1), no(null)), TypeError, 'triggering: options must be an object, got null'],
    ['triggering', () => api.triggering(api.afterCount(1), { allowedLateness: -1 }), RangeError, 'triggering: allowedLateness must be a non-negative finite number of ms, got -1'],
    ['triggering', () => api.triggering(api.afterCount(1), { timestampCombiner: no('first') }), RangeError, "triggering: timestampCombiner must be 'endOfWindow', 'earliest', 'latest' or 'earliestTransformed', got \"first\""],
    ['afterWatermark', () => api.afterWatermark(no(null)), TypeError, 'afterWatermark: options must be an object, got null'],
    ['afterWatermark', () => api.afterWatermark({ early: no({ kind: 'afterCount', count: -1 }), accumulation: 'discarding' }), RangeError, 'afterWatermark: early.count must be a positive integer, got -1'],
    ['afterWatermark', () => api.afterWatermark({ accumulation: no('both') }), RangeError, "afterWatermark: accumulation must be 'discarding', 'accumulating' or 'accumulatingAndRetracting', got \"both\""],
    ['afterCount', () => api.afterCount(-1), RangeError, 'afterCount: count must be a positive integer, got -1'],
    ['afterProcessingTime', () => api.afterProcessingTime(5, no(null)), TypeError, 'afterProcessingTime: options must be an object, got null'],
    ['afterProcessingTime', () => api.afterProcessingTime(5, { alignTo: no(7) }), TypeError, 'afterProcessingTime: alignTo must be an object, got 7'],
    ['afterWatermarkTrigger', () => api.afterWatermarkTrigger(no(null)), TypeError, 'afterWatermark: options must be an object, got null'],
    // Watermarks and event time
    ['assignEventTime', () => api.assignEventTime(no(5)), TypeError, 'assignEventTime: eventTime must be a function, got 5'],
    ['assignEventTime', () => api.assignEventTime(key, no(null)), TypeError, 'assignEventTime: options must be an object, got null'],
    ['assignEventTime', () => api.assignEventTime(key, { scheduler: no(5) }), TypeError, `assignEventTime: scheduler ${SCHEDULER} 5`],
    ['assignEventTime', () => api.assignEventTime(key, { onInvalid: 'drop', onInvalidValue: no('log') }), TypeError, 'assignEventTime: onInvalidValue must be a function, got "log"'],
    ['assignEventTime', () => api.assignEventTime(key, { deadLetters: no(5) }), TypeError, `assignEventTime: deadLetters ${SINK} 5`],
    ['assignEventTime', () => api.assignEventTime(key, { watermark: -1 }), RangeError, 'assignEventTime: watermark must be a non-negative finite number of ms (the allowed out-of-orderness) or a WatermarkStrategy, got -1'],
    ['boundedOutOfOrderness', () => api.boundedOutOfOrderness(no('5s')), RangeError, 'boundedOutOfOrderness: maxOutOfOrderness must be a non-negative finite number of ms, got "5s"'],
    ['punctuatedWatermark', () => api.punctuatedWatermark(no(null)), TypeError, 'punctuatedWatermark: marker must be a function, got null'],
    ['withIdleness', () => api.withIdleness(api.monotonicTimestamps(), 0), RangeError, 'withIdleness: idleMs must be a positive finite number of ms, got 0'],
    // Groupings
    ['combinePerKey', () => api.combinePerKey(key, count, no(null)), TypeError, 'combinePerKey: options must be an object, got null'],
    ['combinePerKey', () => api.combinePerKey(key, count, { scheduler: no({ now: () => 0 }) }), TypeError, `combinePerKey: scheduler ${SCHEDULER} an object (Object)`],
    ['combinePerKey', () => api.combinePerKey(key, count, { onDropped: no('log') }), TypeError, 'combinePerKey: onDropped must be a function, got "log"'],
    ['combinePerKey', () => api.combinePerKey(key, count, { deadLetters: no({}) }), TypeError, `combinePerKey: deadLetters ${SINK} an object (Object)`],
    ['combinePerKey', () => api.combinePerKey(key, count, { metrics: no(5) }), TypeError, `combinePerKey: metrics ${SINK} 5`],
    ['combinePerKey', () => api.combinePerKey(key, count, { onMetrics: no(5) }), TypeError, 'combinePerKey: onMetrics must be a function, got 5'],
    ['combinePerKey', () => api.combinePerKey(key, count, { onFiring: no(5) }), TypeError, 'combinePerKey: onFiring must be a function, got 5'],
    ['combinePerKey', () => api.combinePerKey(key, no({})), TypeError, 'combinePerKey: combineFn must be a CombineFn with a createAccumulator() method, got an object (Object)'],
    ['groupByKey', () => api.groupByKey(key, no(null)), TypeError, 'groupByKey: options must be an object, got null'],
    ['groupByKey', () => api.groupByKey(key, { scheduler: no(5) }), TypeError, `groupByKey: scheduler ${SCHEDULER} 5`],
    ['coGroupByKey', () => api.coGroupByKey({ a: new Subject<never>() }, no(null)), TypeError, 'coGroupByKey: options must be an object, got null'],
    ['coGroupByKey', () => api.coGroupByKey({ a: new Subject<never>() }, { metrics: no(5) }), TypeError, `coGroupByKey: metrics ${SINK} 5`],
    ['coGroupByKey', () => api.coGroupByKey(no(null)), TypeError, 'coGroupByKey: inputs must be an object of keyed streams by tag, got null'],
    ['withKeys', () => api.withKeys(no(5)), TypeError, 'withKeys: key must be a function, got 5'],
    ['mergeEventTime', () => api.mergeEventTime(new Subject<never>(), no(5)), TypeError, 'mergeEventTime: input 1 must be an Observable, got 5'],
    // Combiners
    ['Combine.top', () => api.Combine.top(0), RangeError, 'top: n must be a positive integer, got 0'],
    ['Combine.approxQuantiles', () => api.approxQuantiles(4, no(null)), TypeError, 'approxQuantiles: options must be an object, got null'],
    ['Combine.approxQuantiles', () => api.approxQuantiles(4, { capacity: 7 }), RangeError, 'approxQuantiles: capacity must be an even integer of at least 8, got 7'],
    ['Combine.approxCountDistinct', () => api.approxCountDistinct(no(null)), TypeError, 'approxCountDistinct: options must be an object, got null'],
    ['Combine.approxCountDistinct', () => api.approxCountDistinct(no(12)), TypeError, 'approxCountDistinct: options must be an object, got 12'],
    ['Combine.sum', () => api.Combine.sum(no(5)), TypeError, 'sum: select must be a function, got 5'],
    ['Combine.latest', () => api.Combine.latest(no(5)), TypeError, 'latest: timeOf must be a function, got 5'],
    ['combineFields', () => api.combineFields(no(null)), TypeError, 'combineFields: fields must be an object of CombineFns, got null'],
    // Pictures and explanations
    ['recordRun', () => api.recordRun(no(null)), TypeError, 'recordRun: options must be an object, got null'],
    ['recordRun', () => api.recordRun({ scheduler: no(5) }), TypeError, `recordRun: scheduler ${SCHEDULER} 5`],
    ['recordRun', () => api.recordRun({ label: no('value') }), TypeError, 'recordRun: label must be a function, got "value"'],
    ['renderTimeline', () => api.renderTimeline(no(null)), TypeError, 'renderTimeline: recording must be a RunRecording (recordRun(...).recording) with an events array, got null'],
    ['renderTimeline', () => api.renderTimeline(rec, no(null)), TypeError, 'renderTimeline: options must be an object, got null'],
    ['renderTimeline', () => api.renderTimeline(rec, { title: no(5) }), TypeError, 'renderTimeline: title must be a string, got 5'],
    ['renderTimeline', () => api.renderTimeline(rec, { formatTime: no(5) }), TypeError, 'renderTimeline: formatTime must be a function, got 5'],
    ['renderTimeline', () => api.renderTimeline(rec, { formatValue: no(5) }), TypeError, 'renderTimeline: formatValue must be a function, got 5'],
    ['renderTimeline', () => api.renderTimeline(rec, { explain: no('no') }), TypeError, 'renderTimeline: explain must be true or false, got "no"'],
    ['renderTimeline', () => api.renderTimeline(rec, { stepWidth: -1 }), RangeError, 'renderTimeline: stepWidth must be a positive finite number of px, got -1'],
    ['renderTimeline', () => api.renderTimeline(rec, { height: Number.NaN }), RangeError, 'renderTimeline: height must be a positive finite number of px, got NaN'],
    ['explainPane', () => api.explainPane(pane, firing, no(null)), TypeError, 'explainPane: options must be an object, got null'],
    ['explainPane', () => api.explainPane(pane, firing, { formatTime: no(5) }), TypeError, 'explainPane: formatTime must be a function, got 5'],
    ['explainPane', () => api.explainPane(no(null), firing), TypeError, 'explainPane: pane must be a Pane, got null'],
    ['explainPane', () => api.explainPane(pane, no(undefined)), TypeError, 'explainPane: firing must be the Firing given to onFiring, got undefined'],
    // Testing helpers
    ['expectPanes', () => testing.expectPanes(no(5)), TypeError, 'expectPanes: panes$ must be an Observable, got 5'],
    ['expectPanes', () => testing.expectPanes(new Subject<never>(), no(null)), TypeError, 'expectPanes: options must be an object, got null'],
    ['expectPanes', () => testing.expectPanes(new Subject<never>(), { origin: no('1m') }), RangeError, 'expectPanes: origin must be a finite number of epoch ms within ±8.64e15, got "1m"'],
    ['expectPanes', () => testing.expectPanes(new Subject<never>(), { flush: no(true) }), TypeError, 'expectPanes: flush must be a function, got true'],
    ['expectPanes', () => testing.expectPanes(new Subject<never>(), { scheduler: no(5) }), TypeError, `expectPanes: scheduler ${SCHEDULER} 5`],
    ['expectPanes', () => testing.expectPanes(new Subject<never>()).toBe(no(['a'])), TypeError, 'expectPanes: toBe needs the expected panes as a string, one a line, got an array of length 1'],
    ['eventTimeMarbles', () => testing.eventTimeMarbles('a', { a: ['x', 1] }, no(null)), TypeError, 'eventTimeMarbles: options must be an object, got null'],
    ['eventTimeMarbles', () => testing.eventTimeMarbles('a', { a: ['x', 1] }, { origin: Number.NaN }), RangeError, 'eventTimeMarbles: origin must be a finite number of epoch ms within ±8.64e15, got NaN'],
    ['eventTimeMarbles', () => testing.eventTimeMarbles('a', { a: 'x' }, { eventTime: no(5) }), TypeError, 'eventTimeMarbles: eventTime must be a function, got 5'],
    ['parseEventTime', () => testing.parseEventTime('60s', Number.NaN), RangeError, 'parseEventTime: origin must be a finite number of epoch ms within ±8.64e15, got NaN'],
    ['formatPane', () => testing.formatPane(pane, no(null)), TypeError, 'formatPane: options must be an object, got null'],
    ['trackScheduler', () => testing.trackScheduler(no(undefined)), TypeError, `trackScheduler: inner ${SCHEDULER} undefined`],
  ];

  it.each(table)('%s', (_name, build, type, message) => {
    expect(build).toThrow(new type(message));
    expect(build).toThrow(type);
  });

  it('formatters never throw on a broken time: they name it', () => {
    expect([api.formatInstant(Number.NaN), api.formatInstant(no('x'))]).toEqual(['NaN', '"x"']);
    expect([testing.formatEventTime(Number.NaN), testing.formatEventTime(no('5s'))]).toEqual(['NaN', '"5s"']);
  });
});
