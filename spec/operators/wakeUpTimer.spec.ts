/**
 * Processing-time timers that are already due fire before the next element, even when the scheduler
 * has not run its action yet (a synchronous burst while the clock moves, as a runner's clock moves
 * before the next bundle). The clock here moves by hand and scheduled actions run only when asked.
 */
import { Subject, Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';
import { afterProcessingTime, assignEventTime, Combine, combinePerKey, fixedWindow, intervalWindow, repeatedly, triggering } from '../../src/index';

interface Ev {
  readonly k: string;
  readonly n: number;
  readonly t: number;
}

/** A clock moved by hand; actions are kept, and run only by `runDue`. */
class HandClock implements SchedulerLike {
  time = 0;
  readonly actions: { at: number; run: () => void; sub: Subscription }[] = [];
  now(): number {
    return this.time;
  }
  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    const sub = new Subscription();
    const entry = { at: this.time + delay, run: () => work.call(sub as unknown as SchedulerAction<T>, state), sub };
    this.actions.push(entry);
    sub.add(() => this.actions.splice(this.actions.indexOf(entry), 1));
    return sub;
  }
  runDue(): void {
    for (const a of [...this.actions].sort((x, y) => x.at - y.at)) {
      if (a.at > this.time || a.sub.closed) continue;
      a.sub.unsubscribe();
      a.run();
    }
  }
}

/** The pipeline of these specs: a pane every 10 ms of processing time, discarding; the grouping's clock is `scheduler`. */
const firingsEvery10ms = (input: Subject<Ev>, clock: HandClock, scheduler: SchedulerLike = clock) =>
  input.pipe(
    assignEventTime((e: Ev) => e.t, { emitWatermark: 'perElement', scheduler: clock }),
    fixedWindow<Ev>(60_000),
    triggering<Ev>(repeatedly(afterProcessingTime(10)), { accumulation: 'discarding' }),
    combinePerKey((e: Ev) => e.k, Combine.toList<Ev>(), { scheduler }),
  );

describe('due processing-time timers and new elements', () => {
  const W = intervalWindow(0, 60_000);
  const setup = () => {
    const clock = new HandClock();
    const input = new Subject<Ev>();
    const panes: unknown[] = [];
    firingsEvery10ms(input, clock).subscribe((p) => panes.push({ key: p.key, window: p.window, value: p.value.map((e) => e.n), pane: p.pane }));
    return { clock, input, panes };
  };

  it('a timer due before an element fires first, with only the elements before it', () => {
    const { clock, input, panes } = setup();
    input.next({ k: 'u', n: 1, t: 1_000 }); // arms the timer at 10 (fires strictly after, from 11)
    expect(clock.actions.map((a) => a.at)).toEqual([11]);
    clock.time = 20; // the action at 11 has not run
    input.next({ k: 'u', n: 2, t: 2_000 });
    expect(panes).toEqual([
      { key: 'u', window: W, value: [1], pane: { timing: 'EARLY', index: 0, onTimeIndex: -1, isFirst: true, isLast: false } },
    ]);
    // The due firing left no timer, so the action set for 11 was cancelled; the one pending is for the
    // timer the second element armed at 30.
    expect(clock.actions.map((a) => a.at)).toEqual([31]);
    clock.runDue();
    expect(panes).toHaveLength(1);
    expect(clock.actions.map((a) => a.at)).toEqual([31]);
    clock.time = 25;
    input.next({ k: 'u', n: 3, t: 3_000 }); // nothing due yet
    expect(panes).toHaveLength(1);
    clock.time = 40;
    input.next({ k: 'v', n: 4, t: 4_000 }); // another key: the due timer of u still fires first
    expect(panes).toEqual([
      { key: 'u', window: W, value: [1], pane: { timing: 'EARLY', index: 0, onTimeIndex: -1, isFirst: true, isLast: false } },
      { key: 'u', window: W, value: [2, 3], pane: { timing: 'EARLY', index: 1, onTimeIndex: -1, isFirst: false, isLast: false } },
    ]);
    // u's due firing cancelled the action set for 31 (no timer left); v's timer at 50 has its own.
    expect(clock.actions.map((a) => a.at)).toEqual([51]);
    clock.time = 51;
    clock.runDue();
    expect(panes).toHaveLength(3);
    expect(panes[2]).toEqual({ key: 'v', window: W, value: [4], pane: { timing: 'EARLY', index: 0, onTimeIndex: -1, isFirst: true, isLast: false } });
    expect(clock.actions).toEqual([]);
  });

  it('when the scheduled action runs on time, elements see no extra firing', () => {
    const { clock, input, panes } = setup();
    input.next({ k: 'u', n: 1, t: 1_000 });
    clock.time = 11;
    clock.runDue();
    expect(panes).toHaveLength(1);
    input.next({ k: 'u', n: 2, t: 2_000 });
    clock.time = 15;
    input.next({ k: 'u', n: 3, t: 3_000 });
    expect(panes).toHaveLength(1);
    clock.time = 22;
    clock.runDue();
    expect(panes[1]).toEqual({ key: 'u', window: W, value: [2, 3], pane: { timing: 'EARLY', index: 1, onTimeIndex: -1, isFirst: false, isLast: false } });
  });
});

describe('reading the clock', () => {
  // A clock read costs about 40 ns on a real scheduler (Date.now): a grouping reads it at most once a
  // step (an element and the watermark a fused upstream sends after it are one), however many parts of
  // the step need processing time (the checks for due timers, the trigger's check of an armed timer,
  // arming a timer), and every part sees the same time. Scheduling a wake-up reads it too.
  it('is read once for each element under a processing-time trigger, and the panes are as before', () => {
    const clock = new HandClock();
    let reads = 0;
    let scheduled = 0;
    const counting: SchedulerLike = {
      now: () => {
        reads++;
        return clock.now();
      },
      schedule: ((...args: Parameters<HandClock['schedule']>) => {
        scheduled++;
        return clock.schedule(...args);
      }) as SchedulerLike['schedule'],
    };
    const input = new Subject<Ev>();
    const panes: unknown[] = [];
    firingsEvery10ms(input, clock, counting).subscribe((p) => panes.push({ key: p.key, value: p.value.map((e) => e.n), index: p.pane.index }));
    input.next({ k: 'u', n: 0, t: 0 });
    reads = 0;
    scheduled = 0;
    for (let n = 1; n <= 100; n++) {
      clock.time = n;
      input.next({ k: n % 2 === 0 ? 'u' : 'v', n, t: n * 100 });
    }
    // Once an element (its watermark comes in the same step), and once for each wake-up scheduled.
    expect(scheduled).toBeGreaterThan(0);
    expect(reads).toBeLessThanOrEqual(100 + scheduled);
    // Every element after a timer came due fired it first: u's and v's panes every 10 ms or so.
    expect(panes.slice(0, 4)).toEqual([
      { key: 'u', value: [0, 2, 4, 6, 8, 10], index: 0 },
      { key: 'v', value: [1, 3, 5, 7, 9, 11], index: 0 },
      { key: 'u', value: [12, 14, 16, 18, 20, 22], index: 1 },
      { key: 'v', value: [13, 15, 17, 19, 21, 23], index: 1 },
    ]);
  });
});
