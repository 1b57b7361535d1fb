/**
 * The early-firing row's pipeline on a real clock: `afterProcessingTime(60_000)` early firings with the
 * default scheduler (`asyncScheduler`, whose clock is `Date.now`), on the main workload. The bench's own
 * early row runs on a virtual clock, whose reads are cheap; this shows what reading a real clock costs
 * (no early pane fires during a run of about 100 ms, so the panes are the main row's). Prints the CPU
 * milliseconds of 6 warm runs:
 *   npx tsc -p bench/tsconfig.json && node node_modules/.cache/rxjs-event-time-bench/bench/realClock.js
 */
import { Observable } from 'rxjs';
import { afterProcessingTime, afterWatermark, assignEventTime, Combine, combineFields, combinePerKey, fixedWindow } from '../src/index.js';
import { materialise, type Event } from './workload.js';

const data = materialise({ events: 1e6, keys: 1_000, maxDisorder: 5_000, seed: 42 });

function run(): Promise<number> {
  return new Promise((resolve, reject) => {
    let panes = 0;
    new Observable<Event>((sub) => {
      for (let i = 0; i < data.length; i++) sub.next(data[i]);
      sub.complete();
    })
      .pipe(
        assignEventTime((e: Event) => e.t, { watermark: 5_000, emitWatermark: 'perElement' }),
        fixedWindow(60_000),
        afterWatermark({ early: afterProcessingTime(60_000), allowedLateness: 10_000, accumulation: 'accumulating' }),
        combinePerKey((e: Event) => e.key, combineFields({ count: Combine.count<Event>(), sum: Combine.sum((e: Event) => e.amount) })),
      )
      .subscribe({ next: () => void panes++, error: reject, complete: () => resolve(panes) });
  });
}

async function main(): Promise<void> {
  const cpu: number[] = [];
  for (let r = 0; r < 8; r++) {
    const c0 = process.cpuUsage();
    await run();
    const c = process.cpuUsage(c0);
    if (r >= 2) cpu.push(Math.round((c.user + c.system) / 1000));
  }
  console.log(`early firings on a real clock, 1e6 events: ${cpu.join(' ')} ms cpu (warm runs)`);
}
void main();
