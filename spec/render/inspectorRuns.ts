import { from, VirtualTimeScheduler } from 'rxjs';
import { afterWatermark, assignEventTime, Combine, combinePerKey, fixedWindow, recordRun, type RunRecording } from '../../src/index';

/** One reading of {@link manyPanesRun}. */
export interface Reading {
  readonly user: string;
  readonly at: number;
}

/**
 * A long run for the inspector: `keys` users with two readings in each of `windows` one-minute windows,
 * in event-time order, counted per user: `keys * windows` ON_TIME panes, `2 * keys * windows` elements.
 */
export function manyPanesRun(keys: number, windows: number): RunRecording<Reading> {
  const readings: Reading[] = [];
  for (let w = 0; w < windows; w++) {
    for (let k = 0; k < keys; k++) {
      for (const s of [(k * 7) % 60, (k * 7 + 13) % 60]) readings.push({ user: `user-${k}`, at: w * 60_000 + s * 1000 });
    }
  }
  readings.sort((a, b) => a.at - b.at);
  const scheduler = new VirtualTimeScheduler();
  const recorder = recordRun<Reading>({ scheduler, label: (r) => r.user });
  from(readings)
    .pipe(
      assignEventTime((r: Reading) => r.at, { emitWatermark: 'perElement' }),
      recorder.input,
      fixedWindow(60_000),
      afterWatermark(),
      combinePerKey((r: Reading) => r.user, Combine.count(), { scheduler, ...recorder.hooks }),
    )
    .subscribe();
  scheduler.flush();
  return recorder.recording;
}
