import { VirtualTimeScheduler } from 'rxjs';
import {
  afterProcessingTime,
  Combine,
  combinePerKey,
  END_OF_GLOBAL_WINDOW,
  fixedWindow,
  intervalWindow,
  MAX_TIMESTAMP,
  orFinally,
  repeatedly,
  triggering,
  type EventTimeRecord,
  type Pane,
} from '../../src/index';
import { testStream, timestamped } from '../../src/testing/index';
import { observe, testScheduler } from '../helpers/virtualTime';

const el = (value: string, timestamp: number) => ({ kind: 'element' as const, value, timestamp });
const wm = (watermark: number) => ({ kind: 'watermark' as const, watermark });
// With the default clock, a clock record goes first and after every processing-time move.
const clock = { kind: 'clock' as const };

describe('testStream', () => {
  const script = testStream<string>()
    .addElements(timestamped('a', 1), timestamped('b', 2))
    .advanceProcessingTime(5)
    .advanceWatermarkTo(10)
    .addElements(timestamped('c', 12))
    .advanceProcessingTime(3)
    .advanceWatermarkToInfinity();

  it('emits steps in order; each processing-time advance moves the following steps that many frames later, after a clock record', () => {
    testScheduler().run(({ expectObservable }) => {
      const later = testStream<string>()
        .addElements(timestamped('a', 1), timestamped('b', 2))
        .advanceProcessingTime(5)
        .advanceWatermarkTo(10)
        .addElements(timestamped('c', 12))
        .advanceProcessingTime(10)
        .advanceWatermarkToInfinity();
      expectObservable(later.build()).toBe('(ka) 1ms (kwc) 5ms (km|)', {
        k: clock,
        a: { kind: 'bundle', elements: [el('a', 1), el('b', 2)] },
        w: wm(10),
        c: el('c', 12),
        m: wm(MAX_TIMESTAMP),
      });
      expectObservable(later.build({ clock: 'frames' })).toBe('a 4ms (wc) 6ms (m|)', {
        a: { kind: 'bundle', elements: [el('a', 1), el('b', 2)] },
        w: wm(10),
        c: el('c', 12),
        m: wm(MAX_TIMESTAMP),
      });
    });
  });

  it('runs on an injected VirtualTimeScheduler with flush()', () => {
    const scheduler = new VirtualTimeScheduler();
    const seen: [number, EventTimeRecord<string>][] = [];
    let completedAt = -1;
    script.build({ scheduler }).subscribe({ next: (r) => seen.push([scheduler.now(), r]), complete: () => (completedAt = scheduler.now()) });
    expect(seen).toEqual([
      [0, clock],
      [0, { kind: 'bundle', elements: [el('a', 1), el('b', 2)] }],
    ]);
    scheduler.flush();
    expect(seen.slice(2)).toEqual([
      [5, clock],
      [5, wm(10)],
      [5, el('c', 12)],
      [8, clock],
      [8, wm(MAX_TIMESTAMP)],
    ]);
    expect(completedAt).toBe(8);
  });

  it('is immutable: every method returns a new builder', () => {
    const base = testStream<string>().addElements(timestamped('a', 1));
    base.advanceWatermarkTo(5);
    expect(observe(() => base.build())).toEqual([
      [0, { next: clock }],
      [0, { next: el('a', 1) }],
      [0, 'complete'],
    ]);
  });

  it('rejects bad steps at build time', () => {
    expect(() => timestamped('x', Number.NaN)).toThrow(new TypeError('timestamped: timestamp must be a finite number of epoch ms within ±8.64e15, got NaN'));
    expect(() => testStream<string>().addElements()).toThrow(new RangeError('testStream.addElements: needs at least one element, got none'));
    expect(() => testStream<string>().advanceWatermarkTo(10).advanceWatermarkTo(5)).toThrow(
      new RangeError('testStream.advanceWatermarkTo: the watermark may not go backwards, got 5 after 10'),
    );
    expect(() => testStream<string>().build({ clock: 'wall' as never })).toThrow(new RangeError("testStream.build: clock must be 'jumps' or 'frames', got \"wall\""));
    expect(() => testStream<string>().advanceProcessingTime(0)).toThrow(
      new RangeError('testStream.advanceProcessingTime: ms must be a positive finite number, got 0'),
    );
  });

  it('event times are those assignEventTime accepts: at most the end of the global window, fractions floored', () => {
    expect(() => timestamped('x', END_OF_GLOBAL_WINDOW + 1)).toThrow(
      new TypeError('timestamped: timestamp must be at most the end of the global window (8639999913600000), got 8639999913600001'),
    );
    expect(() => testStream<string>().addElements({ value: 'x', timestamp: MAX_TIMESTAMP })).toThrow(
      new TypeError('testStream.addElements: element 0: timestamp must be at most the end of the global window (8639999913600000), got 8640000000000000'),
    );
    // The watermark may still go to any timestamp up to +infinity.
    expect(() => testStream<string>().advanceWatermarkTo(END_OF_GLOBAL_WINDOW + 1)).not.toThrow();
    const fractional = testStream<string>().addElements(timestamped('a', 999.7), timestamped('b', END_OF_GLOBAL_WINDOW), timestamped('c', -0.5));
    expect(observe(() => fractional.build())).toEqual([
      [0, { next: clock }],
      [0, { next: { kind: 'bundle', elements: [el('a', 999), el('b', END_OF_GLOBAL_WINDOW), el('c', -1)] } }],
      [0, 'complete'],
    ]);
  });
});

describe("testStream's processing-time clock", () => {
  // Beam: orFinally(repeatedly(afterProcessingTime(0)), afterProcessingTime(5)); one element at 1;
  // advanceProcessingTime(10). Both timers are due after the jump, the window is handled once, and the
  // until-trigger's firing ends it: one pane, EARLY and last.
  const script = testStream<number>().addElements(timestamped(1, 1)).advanceProcessingTime(10);
  const panes = (clock?: 'jumps' | 'frames') =>
    observe(() =>
      script.build(clock === undefined ? {} : { clock }).pipe(
        fixedWindow(10),
        triggering(orFinally(repeatedly(afterProcessingTime(0)), afterProcessingTime(5)), { accumulation: 'discarding' }),
        combinePerKey(() => 'a', Combine.toList<number>()),
      ),
    );
  const pane = (value: number[], isLast: boolean): Pane<number[], string> => ({
    key: 'a',
    window: intervalWindow(0, 10),
    value,
    pane: { timing: 'EARLY', index: 0, onTimeIndex: -1, isFirst: true, isLast },
    timestamp: 9,
  });

  it("by default jumps as Beam's TestClock: every timer due after the jump fires once", () => {
    expect(panes()).toEqual([[10, { next: pane([1], true) }], [10, 'complete']]);
  });

  it("the same with clock: 'jumps'", () => {
    expect(panes('jumps')).toEqual([[10, { next: pane([1], true) }], [10, 'complete']]);
  });

  it("with clock: 'frames' passes every frame: the first timer fires at frame 1, before the until-trigger is due", () => {
    expect(panes('frames')).toEqual([[1, { next: pane([1], false) }], [10, 'complete']]);
  });
});

describe('testStream with many processing-time steps', () => {
  it('unsubscribes without walking a chain of scheduled actions (10,000 steps on a VirtualTimeScheduler)', () => {
    let script = testStream<number>();
    for (let i = 0; i < 10_000; i++) script = script.addElements(timestamped(i, i)).advanceProcessingTime(1);
    const scheduler = new VirtualTimeScheduler();
    const values: number[] = [];
    let completed = false;
    const subscription = script.build({ scheduler }).subscribe({
      next: (r) => {
        if (r.kind === 'element') values.push(r.value);
      },
      complete: () => (completed = true),
    });
    scheduler.flush();
    expect(completed).toBe(true);
    expect(values.length).toBe(10_000);
    expect(() => subscription.unsubscribe()).not.toThrow();
    // Unsubscribing in the middle of the script cancels the one pending step.
    const halfway = new VirtualTimeScheduler();
    halfway.maxFrames = 5_000;
    const seen: number[] = [];
    const running = script.build({ scheduler: halfway }).subscribe((r) => {
      if (r.kind === 'element') seen.push(r.value);
    });
    halfway.flush();
    expect(() => running.unsubscribe()).not.toThrow();
    expect(seen.length).toBe(5_001);
    expect(halfway.actions.filter((a) => !a.closed)).toEqual([]);
  });
});

describe('testStream.build options', () => {
  it('refuses options that are not an object, and a scheduler that is not one, naming the rule and the value', () => {
    const script = testStream<number>().addElements(timestamped(1, 1));
    expect(() => script.build(null as unknown as {})).toThrow(/^testStream\.build: options must be an object, got null$/);
    expect(() => script.build({ scheduler: 5 as unknown as VirtualTimeScheduler })).toThrow(/^testStream\.build: scheduler must be .*got 5$/);
  });
});
