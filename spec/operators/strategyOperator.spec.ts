import { from, VirtualTimeScheduler } from 'rxjs';
import {
  afterCount,
  afterWatermark,
  afterWatermarkTrigger,
  asEventTime,
  assignEventTime,
  Combine,
  combinePerKey,
  DEFAULT_STRATEGY,
  fixedWindow,
  fixedWindows,
  sessionWindow,
  type EventTimeRecord,
  type WindowingStrategy,
} from '../../src/index';
import { recordsOf } from '../../src/core';
import { errorOf, observe } from '../helpers/virtualTime';

const windowedAndTriggered: WindowingStrategy = {
  ...DEFAULT_STRATEGY,
  windowFn: fixedWindows(60),
  trigger: afterWatermarkTrigger({ early: afterCount(1) }),
  accumulation: 'discarding',
};
const strategyOf = (s: WindowingStrategy) => ({
  kind: 'strategy',
  strategy: { ...s, windowFn: s.windowFn === undefined ? undefined : expect.objectContaining({ description: s.windowFn.description }) },
});
const triggerStep = () => afterWatermark<number>({ early: afterCount(1), accumulation: 'discarding' });

describe('a window operator then a trigger operator: the strategy is settled once per subscription', () => {
  it('between our operators: one strategy record, the combined one, before any element', () => {
    const vts = new VirtualTimeScheduler();
    const records: EventTimeRecord<number>[] = [];
    from([5, 70])
      .pipe(assignEventTime((t: number) => t, { scheduler: vts }), fixedWindow(60), triggerStep())
      .subscribe((r) => records.push(r));
    vts.flush();
    expect(records).toEqual([
      strategyOf(windowedAndTriggered),
      { kind: 'element', value: 5, timestamp: 5 },
      { kind: 'element', value: 70, timestamp: 70 },
      { kind: 'watermark', watermark: 8.64e15 },
    ]);
  });

  it('from a stream of records not built by this package: one strategy record, sent just before the first record', () => {
    const out = observe(({ cold }) =>
      cold<EventTimeRecord<number>>('--a-b|', { a: { kind: 'element', value: 1, timestamp: 1 }, b: { kind: 'watermark', watermark: 1 } }).pipe(
        fixedWindow(60),
        triggerStep(),
      ),
    );
    expect(out).toEqual([
      [2, { next: strategyOf(windowedAndTriggered) }],
      [2, { next: { kind: 'element', value: 1, timestamp: 1 } }],
      [4, { next: { kind: 'watermark', watermark: 1 } }],
      [5, 'complete'],
    ]);
  });

  it("from a stream that carries a strategy: the update applies to the upstream's, and an empty stream still says its strategy", () => {
    const upstream: WindowingStrategy = { ...DEFAULT_STRATEGY, windowFn: fixedWindows(60), allowedLateness: 30, accumulation: 'accumulating' };
    const carried = observe(({ cold }) => cold<EventTimeRecord<number>>('-s|', { s: { kind: 'strategy', strategy: upstream } }).pipe(triggerStep()));
    expect(carried).toEqual([
      // The trigger operator sets the trigger and the accumulation it was given; the lateness stays the
      // upstream's. The record goes out with the next one (here the completion), as a strategy record
      // always does on a plain subscription (see "a stream shared after its strategy operators" below).
      [2, { next: strategyOf({ ...upstream, trigger: afterWatermarkTrigger({ early: afterCount(1) }), accumulation: 'discarding' }) }],
      [2, 'complete'],
    ]);
    const empty = observe(({ cold }) => cold<EventTimeRecord<number>>('---|').pipe(fixedWindow(60), triggerStep()));
    expect(empty).toEqual([
      [3, { next: strategyOf(windowedAndTriggered) }],
      [3, 'complete'],
    ]);
  });

  it('a grouping refuses a strategy that changes after elements arrived, naming both', () => {
    const out = observe(({ cold }) =>
      cold<EventTimeRecord<number>>('ab|', {
        a: { kind: 'element', value: 1, timestamp: 1 },
        b: { kind: 'strategy', strategy: { ...DEFAULT_STRATEGY, windowFn: fixedWindows(10) } },
      }).pipe(combinePerKey(() => 'k', Combine.count<number>())),
    );
    expect(errorOf(out).message).toBe(
      'combinePerKey: the windowing strategy changed after elements arrived, from carried windows, DefaultTrigger, allowedLateness 0, discarding to fixed(10, 0), DefaultTrigger, allowedLateness 0, discarding',
    );
  });

  it('a pane stream continued by asEventTime and a window operator: one strategy record, the update of the continuation strategy', () => {
    const vts = new VirtualTimeScheduler();
    const records: unknown[] = [];
    recordsOf(
      from([1, 2])
        .pipe(assignEventTime((t: number) => t, { scheduler: vts }), fixedWindow(60), combinePerKey(() => 'k', Combine.count<number>(), { scheduler: vts }))
        .pipe(asEventTime(), sessionWindow(5)),
    ).subscribe((r) => records.push(r.kind === 'strategy' ? [r.kind, r.strategy.windowFn?.description, r.strategy.trigger] : r.kind));
    vts.flush();
    expect(records).toEqual([['strategy', 'sessions(5)', { kind: 'default' }], 'element', 'watermark']);
  });
});
