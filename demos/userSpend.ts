/**
 * The user-spend example the demos share: its events, its TestStream script and its pipeline (windowing,
 * triggers and per-user aggregation). Its two runs, batch and stream, are here too: tutorial.ts prints
 * their panes, timeline.ts draws the stream run and cogroupPitfall.ts joins it; they import this module,
 * and only tutorial.ts imports another demo (timeline.ts, for its pictures).
 */
import { from, pipe, VirtualTimeScheduler, type Observable, type OperatorFunction, type SchedulerLike } from 'rxjs';
import {
  afterProcessingTime,
  afterWatermark,
  assignEventTime,
  Combine,
  combineFields,
  combinePerKey,
  fixedWindow,
  type EventTimeRecord,
  type GroupingOptions,
  type Pane,
} from '../src/index.js';
import { testStream, timestamped } from '../src/testing/index.js';

/** One purchase event, as in the tutorial. `event_time` is in epoch seconds. */
export interface SpendEvent {
  readonly user_id: string;
  readonly amount: number;
  readonly event_time: number;
}

/** 2024-01-01T00:00:00Z in epoch seconds: windows are aligned and the output is the same on every run. */
export const T0 = 1704067200;

const ev = (user_id: string, amount: number, offset: number): SpendEvent => ({ user_id, amount, event_time: T0 + offset });

/** The tutorial's seven events, in the order the batch run reads them. */
export const EVENTS: readonly SpendEvent[] = [
  ev('u1', 20, 5),
  ev('u1', 15, 20),
  ev('u2', 8, 35),
  ev('u1', -5, 62),
  ev('u2', 12, 70),
  ev('u3', 9, 75),
  ev('u2', 3, 50),
];

/** The value of one pane: how many purchases a user made in the window, and their total amount. */
export interface Spend {
  readonly count: number;
  readonly sum_amount: number;
}

/** The tutorial's windowing: 60 s fixed windows, early and late firings 10 s after a pane's first element, 120 s lateness, accumulating. */
export function tutorialWindowing<T>(): OperatorFunction<EventTimeRecord<T>, EventTimeRecord<T>> {
  return pipe(
    fixedWindow<T>(60_000),
    afterWatermark<T>({
      early: afterProcessingTime(10_000),
      late: afterProcessingTime(10_000),
      allowedLateness: 120_000,
      accumulation: 'accumulating',
    }),
  );
}

/**
 * The tutorial's windowing and aggregation: 60 s fixed windows, early and late firings 10 s of
 * processing time after the first element of a pane, 120 s allowed lateness, accumulating panes,
 * count and sum of `amount` per `user_id` in one pass.
 */
export function userSpend(scheduler?: SchedulerLike, options: GroupingOptions<SpendEvent> = {}) {
  return (events$: Observable<EventTimeRecord<SpendEvent>>): Observable<Pane<Spend, string>> =>
    events$.pipe(
      tutorialWindowing(),
      combinePerKey(
        (e: SpendEvent) => e.user_id,
        combineFields({ count: Combine.count<SpendEvent>(), sum_amount: Combine.sum((e: SpendEvent) => e.amount) }),
        { scheduler, ...options },
      ),
    );
}

/** Subscribes to `panes$`, runs `run` (a virtual scheduler's flush), and returns what was emitted; rethrows its error. */
export function collect<P>(panes$: Observable<P>, run?: () => void): P[] {
  const out: P[] = [];
  let error: unknown;
  panes$.subscribe({ next: (p) => out.push(p), error: (e: unknown) => (error = e) });
  run?.();
  if (error !== undefined) throw error;
  return out;
}

/**
 * The tutorial's TestStream script: watermark to t0, three events, 5 s of processing time, watermark
 * past the first window, three more events, 5 s more, a late event, then the watermark to +infinity.
 */
export function tutorialEvents(scheduler: SchedulerLike): Observable<EventTimeRecord<SpendEvent>> {
  const at = (e: SpendEvent) => timestamped(e, e.event_time * 1000);
  const [a, b, c, d, e, f, late] = EVENTS;
  return testStream<SpendEvent>()
    .advanceWatermarkTo(T0 * 1000)
    .addElements(at(a), at(b), at(c))
    .advanceProcessingTime(5_000)
    .advanceWatermarkTo((T0 + 61) * 1000)
    .addElements(at(d), at(e), at(f))
    .advanceProcessingTime(5_000)
    .addElements(at(late))
    .advanceWatermarkTo((T0 + 121) * 1000)
    .advanceWatermarkToInfinity()
    .build({ scheduler });
}

/** Batch: the events as a bounded input; the watermark jumps to +infinity when it completes. */
export function runBatch(): Pane<Spend, string>[] {
  return collect(from(EVENTS).pipe(assignEventTime((e: SpendEvent) => e.event_time * 1000), userSpend()));
}

/** Stream: the tutorial's TestStream script, on a virtual-time scheduler (instant and deterministic). */
export function runStream(): Pane<Spend, string>[] {
  const scheduler = new VirtualTimeScheduler();
  return collect(tutorialEvents(scheduler).pipe(userSpend(scheduler)), () => scheduler.flush());
}
