/**
 * The tutorial's stream run, recorded for a picture: the same script and pipeline as `runStream` in
 * tutorial.ts, with the recorder's tap and hooks added.
 */
import { writeFileSync } from 'node:fs';
import { VirtualTimeScheduler, type Observable } from 'rxjs';
import {
  afterProcessingTime,
  afterWatermark,
  Combine,
  combineFields,
  combinePerKey,
  fixedWindow,
  recordRun,
  renderTimeline,
  type Pane,
  type RunRecording,
} from '../src/index.js';
import { testStream, timestamped } from '../src/testing/index.js';
import { EVENTS, T0, type Spend, type SpendEvent } from './tutorial.js';

/** Runs the tutorial's stream script once and returns its panes and the recording of the run. */
export function recordStream(): { panes: Pane<Spend, string>[]; recording: RunRecording<SpendEvent> } {
  const scheduler = new VirtualTimeScheduler();
  const recorder = recordRun<SpendEvent>({ scheduler, label: (e) => `${e.user_id} ${e.amount}` });
  const at = (e: SpendEvent) => timestamped(e, e.event_time * 1000);
  const [a, b, c, d, e, f, late] = EVENTS;
  const events$ = testStream<SpendEvent>()
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
  const panes$: Observable<Pane<Spend, string>> = events$.pipe(
    recorder.input,
    fixedWindow(60_000),
    afterWatermark({
      early: afterProcessingTime(10_000),
      late: afterProcessingTime(10_000),
      allowedLateness: 120_000,
      accumulation: 'accumulating',
    }),
    combinePerKey(
      (x: SpendEvent) => x.user_id,
      combineFields({ count: Combine.count<SpendEvent>(), sum_amount: Combine.sum((x: SpendEvent) => x.amount) }),
      { scheduler, ...recorder.hooks },
    ),
  );
  const panes: Pane<Spend, string>[] = [];
  let error: unknown;
  panes$.subscribe({ next: (p) => panes.push(p), error: (err: unknown) => (error = err) });
  scheduler.flush();
  if (error !== undefined) throw error;
  return { panes, recording: recorder.recording };
}

/** Writes the picture of the tutorial's stream run to `file`. */
export function writeStreamTimeline(file: string): void {
  const svg = renderTimeline(recordStream().recording, { title: 'tutorial stream run: spend per user, 60 s windows, 120 s allowed lateness' });
  writeFileSync(file, svg);
}
