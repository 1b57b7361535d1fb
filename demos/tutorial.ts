/**
 * The user-spend tutorial, run twice: once as a batch (a bounded array) and once as a stream with
 * out-of-order and late events on virtual processing time. Prints one JSON line per pane.
 *
 *   npm run demo          both runs, with headings
 *   npm run demo:batch    the batch run only
 *   npm run demo:stream   the stream run only
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
  formatUtc,
  type EventTimeRecord,
  type GroupingOptions,
  type Pane,
} from '../src/index.js';
import { testStream, timestamped } from '../src/testing/index.js';
import { writeStreamInspector, writeStreamTimeline } from './timeline.js';

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

/** The line printed for one pane. */
export function paneLine(p: Pane<Spend, string>): string {
  return JSON.stringify({
    user_id: p.key,
    count: p.value.count,
    sum_amount: p.value.sum_amount,
    window_start_utc: formatUtc(p.window.start, 'HH:mm:ss'),
    window_end_utc: formatUtc(p.window.end, 'HH:mm:ss'),
    pane_timing: p.pane.timing,
    pane_is_first: p.pane.isFirst,
    pane_is_last: p.pane.isLast,
  });
}

export function collect<P>(panes$: Observable<P>, run?: () => void): P[] {
  const out: P[] = [];
  let error: unknown;
  panes$.subscribe({ next: (p) => out.push(p), error: (e: unknown) => (error = e) });
  run?.();
  if (error !== undefined) throw error;
  return out;
}

/** Batch: the events as a bounded input; the watermark jumps to +infinity when it completes. */
export function runBatch(): Pane<Spend, string>[] {
  return collect(from(EVENTS).pipe(assignEventTime((e: SpendEvent) => e.event_time * 1000), userSpend()));
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

/** Stream: the tutorial's TestStream script, on a virtual-time scheduler (instant and deterministic). */
export function runStream(): Pane<Spend, string>[] {
  const scheduler = new VirtualTimeScheduler();
  return collect(tutorialEvents(scheduler).pipe(userSpend(scheduler)), () => scheduler.flush());
}

/**
 * Reads the demo's command line: `[batch|stream] [--svg out.svg] [--html out.html]`; undefined when it
 * is not one. The pictures are of the stream run, so they go with `stream` or nothing.
 */
export function demoArgs(argv: readonly string[]): { which: 'all' | 'batch' | 'stream'; svg?: string; html?: string } | undefined {
  const files: { svg?: string; html?: string } = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] === '--svg' ? 'svg' : argv[i] === '--html' ? 'html' : undefined;
    if (flag === undefined) rest.push(argv[i]);
    else if (argv[i + 1] === undefined || argv[i + 1].startsWith('--')) return undefined;
    else files[flag] = argv[++i];
  }
  const which = rest[0] ?? 'all';
  if ((which !== 'all' && which !== 'batch' && which !== 'stream') || rest.length > 1) return undefined;
  if (which === 'batch' && (files.svg !== undefined || files.html !== undefined)) return undefined;
  return { which, ...files };
}

function main(argv: readonly string[]): void {
  // `--svg <file>` also draws the stream run as a timeline picture, `--html <file>` writes its
  // inspector page (see demos/timeline.ts).
  const args = demoArgs(argv);
  if (args === undefined) {
    process.stderr.write(`usage: tutorial [batch|stream] [--svg out.svg] [--html out.html]   (--svg and --html show the stream run)\n`);
    process.exitCode = 2;
    return;
  }
  const { which, svg: svgFile, html: htmlFile } = args;
  if (which === 'all' || which === 'batch') {
    if (which === 'all') console.log('== batch: 7 events from an array, watermark to +infinity at the end ==');
    runBatch().forEach((p) => console.log(paneLine(p)));
  }
  if (which === 'all' || which === 'stream') {
    if (which === 'all') console.log('\n== stream: out-of-order and late events, virtual processing time ==');
    runStream().forEach((p) => console.log(paneLine(p)));
  }
  if (svgFile !== undefined) {
    writeStreamTimeline(svgFile);
    process.stderr.write(`wrote the timeline of the stream run to ${svgFile}\n`);
  }
  if (htmlFile !== undefined) {
    writeStreamInspector(htmlFile);
    process.stderr.write(`wrote the inspector page of the stream run to ${htmlFile}\n`);
  }
}

if (require.main === module) main(process.argv.slice(2));
