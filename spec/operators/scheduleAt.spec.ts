/**
 * Waits longer than a JavaScript timer holds (2^31-1 ms, about 24.8 days). Node and browsers run a
 * longer `setTimeout`/`setInterval` after 1 ms, so a 30-day processing-time trigger used to wake every
 * millisecond (a busy loop with a warning each time). Jest's fake timers clamp the same way, which makes
 * the real `asyncScheduler` path testable without waiting.
 */
import { asyncScheduler, Subject, VirtualTimeScheduler, type SchedulerLike } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import {
  afterProcessingTime,
  assignEventTime,
  boundedOutOfOrderness,
  Combine,
  combinePerKey,
  END_OF_GLOBAL_WINDOW,
  GLOBAL_WINDOW,
  globalWindow,
  triggering,
  withIdleness,
  type EventTimeRecord,
  type Pane,
} from '../../src/index';
import { MAX_TIMER_DELAY, scheduleAt } from '../../src/operators/scheduleAt';
import { eventTimeMarbles, expectPanes, trackScheduler } from '../../src/testing/index';

const DAY = 86_400_000;
const ONCE_EARLY = { timing: 'EARLY', index: 0, onTimeIndex: -1, isFirst: true, isLast: true };

/** A scheduler that notes every delay asked of it. */
function delaysOf(inner: SchedulerLike): { scheduler: SchedulerLike; delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    scheduler: {
      now: () => inner.now(),
      schedule: (work: () => void, delay = 0) => {
        delays.push(delay);
        return inner.schedule(work, delay);
      },
    } as SchedulerLike,
  };
}

describe('scheduleAt', () => {
  it('reaches a time 60 days ahead in steps no timer clamps, and runs the work once, exactly then', () => {
    const vts = new VirtualTimeScheduler(undefined, Number.POSITIVE_INFINITY);
    const { scheduler, delays } = delaysOf(vts);
    const ran: number[] = [];
    scheduleAt(scheduler, 60 * DAY, () => ran.push(vts.now()));
    vts.flush();
    expect(ran).toEqual([60 * DAY]);
    expect(delays).toEqual([MAX_TIMER_DELAY, MAX_TIMER_DELAY, 60 * DAY - 2 * MAX_TIMER_DELAY]);
  });

  it('is one plain action for a wait a timer holds, and never asks for a negative delay', () => {
    const vts = new VirtualTimeScheduler();
    const { scheduler, delays } = delaysOf(vts);
    const ran: number[] = [];
    scheduleAt(scheduler, 500, () => ran.push(vts.now()));
    scheduleAt(scheduler, -10, () => ran.push(vts.now()));
    vts.flush();
    expect(ran).toEqual([0, 500]);
    expect(delays).toEqual([500, 0]);
  });

  it('cancels whichever step is pending when unsubscribed', () => {
    const vts = new VirtualTimeScheduler(undefined, Number.POSITIVE_INFINITY);
    const tracked = trackScheduler(vts);
    const ran: number[] = [];
    const sub = scheduleAt(tracked, 60 * DAY, () => ran.push(vts.now()));
    vts.schedule(() => sub.unsubscribe(), 30 * DAY); // after the first step, during the second
    vts.flush();
    expect(ran).toEqual([]);
    expect([tracked.executed, tracked.cancelled, tracked.live]).toEqual([1, 1, 0]);
  });
});

describe('long processing-time waits on the real asyncScheduler (fake timers clamp like Node)', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  it('afterProcessingTime(30 days) fires once, 30 days after the element arrived, and nothing runs in between', () => {
    const tracked = trackScheduler(asyncScheduler);
    const input = new Subject<number>();
    const seen: { at: number; pane: Pane<number, string> }[] = [];
    let completed = false;
    input
      .pipe(
        assignEventTime((t: number) => t, { emitWatermark: 'perElement' }),
        globalWindow(),
        triggering(afterProcessingTime(30 * DAY)),
        combinePerKey(() => 'k', Combine.count(), { scheduler: tracked }),
      )
      .subscribe({ next: (pane) => seen.push({ at: Date.now(), pane }), complete: () => (completed = true) });
    input.next(5);
    jest.advanceTimersByTime(1_000);
    // With the wait handed to one timer, it was clamped to 1 ms: a thousand wake-ups by now.
    expect(tracked.executed).toBe(0);
    jest.advanceTimersByTime(30 * DAY - 1_000);
    expect(seen).toEqual([]);
    // Processing-time timers fire when the clock is strictly after them.
    jest.advanceTimersByTime(1);
    expect(seen).toEqual([
      { at: 30 * DAY + 1, pane: { key: 'k', window: GLOBAL_WINDOW, value: 1, pane: ONCE_EARLY, timestamp: END_OF_GLOBAL_WINDOW } },
    ]);
    // One step of 2^31-1 ms, then the rest: two actions, none left.
    expect([tracked.executed, tracked.live]).toEqual([2, 0]);
    input.complete();
    expect(completed).toBe(true);
    expect(seen).toHaveLength(1);
  });

  it('withIdleness(s, 30 days) marks the source idle once, after 30 quiet days', () => {
    const tracked = trackScheduler(asyncScheduler);
    const input = new Subject<number>();
    const seen: { at: number; record: EventTimeRecord<number> }[] = [];
    input
      .pipe(assignEventTime((t: number) => t, { watermark: withIdleness(boundedOutOfOrderness(0), 30 * DAY), emitWatermark: 'perElement', scheduler: tracked }))
      .subscribe((record) => seen.push({ at: Date.now(), record }));
    input.next(5);
    jest.advanceTimersByTime(1_000);
    expect(tracked.executed).toBe(0);
    jest.advanceTimersByTime(30 * DAY - 1_000);
    expect(seen).toEqual([
      { at: 0, record: { kind: 'element', value: 5, timestamp: 5, windows: undefined } },
      { at: 0, record: { kind: 'watermark', watermark: 5 } },
      { at: 30 * DAY, record: { kind: 'watermark', watermark: 5, idle: true } },
    ]);
    expect([tracked.executed, tracked.live]).toEqual([2, 0]);
    input.complete();
  });
});

describe('long processing-time waits in virtual time', () => {
  it('a 30-day afterProcessingTime pane comes out at frame 30 days + 1 ms, once', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, flush }) => {
      const tracked = trackScheduler(asyncScheduler);
      // The element at frame 0; completion 30 days and 1 minute later (43,201 minutes).
      const events$ = cold(...eventTimeMarbles('a 43201m |', { a: ['x', 5] }));
      const panes$ = events$.pipe(globalWindow(), triggering(afterProcessingTime(30 * DAY)), combinePerKey(() => 'k', Combine.count(), { scheduler: tracked }));
      expectPanes(panes$, { flush }).toBe(`@${30 * DAY + 1} k global EARLY #0/-1 first last 1`);
      expect([tracked.executed, tracked.live]).toEqual([2, 0]);
    });
  });
});
