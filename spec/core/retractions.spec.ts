import { TestScheduler } from 'rxjs/testing';
import {
  afterCount,
  afterWatermark,
  asEventTime,
  Combine,
  combineFields,
  combinePerKey,
  fixedWindow,
  sessionWindow,
  triggering,
  afterWatermarkTrigger,
  type Pane,
} from '../../src/index';
import { outputStrategy, describeStrategy, DEFAULT_STRATEGY } from '../../src/core/strategy';
import { testStream, timestamped } from '../../src/testing/index';

interface Ev {
  readonly key: string;
  readonly v: number;
}
const s = 1000;
const at = (key: string, t: number, v: number) => timestamped<Ev>({ key, v }, t * s);
const win = (start: number, end: number) => ({ start: start * s, end: end * s, maxTimestamp: end * s - 1 });
const compare = (a: unknown, b: unknown) => expect(a).toEqual(b);
const early = (index: number, isFirst = index === 0) => ({ timing: 'EARLY', index, onTimeIndex: -1, isFirst, isLast: false }) as const;

describe('CombineFn.retractInput', () => {
  it('count, sum, mean and combineFields of them take an input back out; combineFields with a field that cannot has none', () => {
    const count = Combine.count<number>();
    expect(count.retractInput!(count.addInput(count.addInput(0, 5), 7), 5)).toBe(1);
    const sum = Combine.sum((x: number) => x);
    expect(sum.retractInput!(sum.addInput(sum.addInput(0, 5), 7), 5)).toBe(7);
    expect(() => sum.retractInput!(7, NaN)).toThrow(new TypeError('sum: each value must be a finite number, got NaN'));
    const mean = Combine.mean((x: number) => x);
    const acc = mean.retractInput!(mean.addInput(mean.addInput(mean.createAccumulator(), 5), 7), 5);
    expect([acc, mean.extractOutput(acc)]).toEqual([{ sum: 7, count: 1 }, 7]);
    const fields = combineFields({ n: Combine.count<number>(), total: Combine.sum((x: number) => x) });
    expect(fields.extractOutput(fields.retractInput!(fields.addInput(fields.addInput(fields.createAccumulator(), 5), 7), 7))).toEqual({ n: 1, total: 5 });
    expect(combineFields({ n: Combine.count<number>(), top: Combine.max<number>() }).retractInput).toBeUndefined();
  });
});

describe("accumulation: 'accumulatingAndRetracting'", () => {
  it('is accepted by the triggering operators, and a grouping under it says its output has retractions', () => {
    expect(() => afterWatermark({ early: afterCount(1), accumulation: 'accumulatingAndRetracting' })).not.toThrow();
    expect(() => triggering(afterCount(1), { accumulation: 'retracting' as never })).toThrow(
      new RangeError(`triggering: accumulation must be 'discarding', 'accumulating' or 'accumulatingAndRetracting', got "retracting"`),
    );
    const retracting = { ...DEFAULT_STRATEGY, accumulation: 'accumulatingAndRetracting' as const };
    expect(outputStrategy(retracting).retractions).toBe(true);
    expect(describeStrategy(outputStrategy(retracting))).toBe('carried windows, DefaultTrigger, allowedLateness 0, accumulatingAndRetracting, with retractions');
    // The output of a grouping downstream that does not retract has none, even with retractions in its input.
    expect(outputStrategy({ ...outputStrategy(retracting), accumulation: 'accumulating' }).retractions).toBeUndefined();
  });

  it('fixed windows: each pane after the first is preceded by the retraction of the one before it', () => {
    new TestScheduler(compare).run(({ expectObservable }) => {
      const events$ = testStream<Ev>()
        .addElements(at('a', 1, 1), at('a', 2, 2))
        .advanceProcessingTime(10)
        .advanceWatermarkTo(10 * s)
        .advanceProcessingTime(10)
        .addElements(at('a', 5, 4))
        .advanceProcessingTime(10)
        .advanceWatermarkToInfinity()
        .build();
      const panes$ = events$.pipe(
        fixedWindow(10 * s),
        afterWatermark({ early: afterCount(2), late: afterCount(1), allowedLateness: 60 * s, accumulation: 'accumulatingAndRetracting' }),
        combinePerKey((e: Ev) => e.key, Combine.sum((e: Ev) => e.v)),
      );
      const w = win(0, 10);
      const t = 10 * s - 1;
      const onTime = { timing: 'ON_TIME', index: 1, onTimeIndex: 0, isFirst: false, isLast: false } as const;
      // Frame 10: the watermark passes the window; frame 20: a late element. At +infinity the window is
      // collected without a pane (nothing new since the late one), so the late pane stands.
      expectObservable(panes$).toBe('a---------(bc)------(de)------|', {
        a: { key: 'a', window: w, value: 3, pane: early(0), timestamp: t },
        b: { key: 'a', window: w, value: 3, pane: early(0), timestamp: t, retraction: true },
        c: { key: 'a', window: w, value: 3, pane: onTime, timestamp: t },
        d: { key: 'a', window: w, value: 3, pane: onTime, timestamp: t, retraction: true },
        e: { key: 'a', window: w, value: 7, pane: { timing: 'LATE', index: 2, onTimeIndex: 1, isFirst: false, isLast: false }, timestamp: t },
      });
    });
  });

  it('sessions: a merge retracts the last panes of the windows merged away before the merged window fires', () => {
    new TestScheduler(compare).run(({ expectObservable }) => {
      const events$ = testStream<Ev>()
        .addElements(at('a', 0, 1))
        .advanceProcessingTime(10)
        .addElements(at('a', 15, 2))
        .advanceProcessingTime(10)
        .addElements(at('a', 8, 4)) // [8, 18) bridges [0, 10) and [15, 25)
        .advanceProcessingTime(10)
        .advanceWatermarkToInfinity()
        .build();
      const panes$ = events$.pipe(
        sessionWindow(10 * s),
        afterWatermark({ early: afterCount(1), accumulation: 'accumulatingAndRetracting' }),
        combinePerKey((e: Ev) => e.key, Combine.sum((e: Ev) => e.v)),
      );
      expectObservable(panes$).toBe('a---------b---------(cde)-----(fg|)', {
        a: { key: 'a', window: win(0, 10), value: 1, pane: early(0), timestamp: 10 * s - 1 },
        b: { key: 'a', window: win(15, 25), value: 2, pane: early(0), timestamp: 25 * s - 1 },
        c: { key: 'a', window: win(0, 10), value: 1, pane: early(0), timestamp: 10 * s - 1, retraction: true },
        d: { key: 'a', window: win(15, 25), value: 2, pane: early(0), timestamp: 25 * s - 1, retraction: true },
        // The merged window is new: its pane history starts afresh.
        e: { key: 'a', window: win(0, 25), value: 7, pane: early(0), timestamp: 25 * s - 1 },
        f: { key: 'a', window: win(0, 25), value: 7, pane: early(0), timestamp: 25 * s - 1, retraction: true },
        g: { key: 'a', window: win(0, 25), value: 7, pane: { timing: 'ON_TIME', index: 1, onTimeIndex: 0, isFirst: false, isLast: true }, timestamp: 25 * s - 1 },
      });
    });
  });

  it('downstream, count, sum and mean take retractions back out: each window ends with the upstream final value', () => {
    new TestScheduler(compare).run(({ expectObservable }) => {
      const events$ = testStream<Ev>()
        .addElements(at('a', 0, 1))
        .advanceProcessingTime(10)
        .addElements(at('a', 15, 2))
        .advanceProcessingTime(10)
        .addElements(at('a', 8, 4))
        .advanceProcessingTime(10)
        .advanceWatermarkToInfinity()
        .build();
      const totals$ = events$.pipe(
        sessionWindow(10 * s),
        afterWatermark({ early: afterCount(1), accumulation: 'accumulatingAndRetracting' }),
        combinePerKey((e: Ev) => e.key, Combine.sum((e: Ev) => e.v)),
        asEventTime(),
        // The windows the panes carry; one pane per window once the watermark has passed it.
        triggering(afterWatermarkTrigger(), { accumulation: 'discarding' }),
        combinePerKey(
          (p: Pane<number, string>) => p.key,
          combineFields({ panes: Combine.count<Pane<number, string>>(), sum: Combine.sum((p: Pane<number, string>) => p.value), mean: Combine.mean((p: Pane<number, string>) => p.value) }),
        ),
      );
      const only = { timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: true } as const;
      // The sessions merged away net to nothing (mean NaN: no pane left); the merged one to its final value.
      expectObservable(totals$).toBe('------------------------------(abc|)', {
        a: { key: 'a', window: win(0, 10), value: { panes: 0, sum: 0, mean: NaN }, pane: only, timestamp: 10 * s - 1 },
        b: { key: 'a', window: win(15, 25), value: { panes: 0, sum: 0, mean: NaN }, pane: only, timestamp: 25 * s - 1 },
        c: { key: 'a', window: win(0, 25), value: { panes: 1, sum: 7, mean: 7 }, pane: only, timestamp: 25 * s - 1 },
      });
    });
  });

  it('downstream, a CombineFn without retractInput refuses the first retraction with a clear error', () => {
    new TestScheduler(compare).run(({ expectObservable }) => {
      const events$ = testStream<Ev>().addElements(at('a', 1, 1)).advanceProcessingTime(10).addElements(at('a', 2, 2)).advanceWatermarkToInfinity().build();
      const max = Combine.max((p: Pane<number, string>) => p.value);
      const out$ = events$.pipe(
        fixedWindow(10 * s),
        afterWatermark({ early: afterCount(1), accumulation: 'accumulatingAndRetracting' }),
        combinePerKey((e: Ev) => e.key, Combine.sum((e: Ev) => e.v)),
        asEventTime(),
        triggering(afterWatermarkTrigger(), { accumulation: 'discarding' }),
        combinePerKey((p: Pane<number, string>) => p.key, max),
      );
      expectObservable(out$).toBe(
        '----------#',
        {},
        new TypeError(
          "combinePerKey: the CombineFn cannot take back a retraction (it has no retractInput), got a retraction of 1",
        ),
      );
    });
  });
});
