/**
 * The tutorial's stream run, recorded for a picture: the script and pipeline of `runStream` in
 * tutorial.ts (both from userSpend.ts), with the recorder's tap and hooks added.
 */
import { writeFileSync } from 'node:fs';
import { VirtualTimeScheduler } from 'rxjs';
import { recordRun, renderInspector, renderTimeline, type Pane, type RunRecording } from '../src/index.js';
import { collect, tutorialEvents, userSpend, type Spend, type SpendEvent } from './userSpend.js';

/** Runs the tutorial's stream script once and returns its panes and the recording of the run. */
export function recordStream(): { panes: Pane<Spend, string>[]; recording: RunRecording<SpendEvent> } {
  const scheduler = new VirtualTimeScheduler();
  const recorder = recordRun<SpendEvent>({ scheduler, label: (e) => `${e.user_id} ${e.amount}` });
  const panes$ = tutorialEvents(scheduler).pipe(recorder.input, userSpend(scheduler, recorder.hooks));
  const panes = collect(panes$, () => scheduler.flush());
  return { panes, recording: recorder.recording };
}

/** Writes the picture of the tutorial's stream run to `file`. */
export function writeStreamTimeline(file: string): void {
  const svg = renderTimeline(recordStream().recording, { title: 'tutorial stream run: spend per user, 60 s windows, 120 s allowed lateness' });
  writeFileSync(file, svg);
}

/** Writes the inspector page of the tutorial's stream run to `file`. */
export function writeStreamInspector(file: string): void {
  const html = renderInspector(recordStream().recording, {
    title: 'tutorial stream run: spend per user, 60 s windows, 120 s allowed lateness',
    keyOf: (e) => e.user_id,
  });
  writeFileSync(file, html);
}
