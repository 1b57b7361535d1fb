/**
 * Where the pipeline's time goes, in two parts measured in CPU time: the records before the grouping (the
 * same source, assignEventTime and the two strategy operators, into a subscriber that does nothing),
 * and the Reducer alone driven by a plain loop. The whole pipeline minus both is the grouping shell.
 *   npx tsc -p bench/tsconfig.json && node node_modules/.cache/rxjs-event-time-bench/bench/floor.js
 */
import { Observable } from 'rxjs';
import {
  afterWatermark,
  afterWatermarkTrigger,
  assignEventTime,
  Combine,
  combineFields,
  DEFAULT_STRATEGY,
  fixedWindow,
  fixedWindows,
  type EventTimeRecord,
} from '../src/index.js';
import { Reducer } from '../src/core.js';
import { materialise, type Event } from './workload.js';

const data = materialise({ events: 1e6, keys: 1_000, maxDisorder: 5_000, seed: 42 });
const src = new Observable<Event>((sub) => {
  for (let i = 0; i < data.length; i++) sub.next(data[i]);
  sub.complete();
});
for (let r = 0; r < 5; r++) {
  let n = 0;
  const c0 = process.cpuUsage();
  src
    .pipe(
      assignEventTime((e: Event) => e.t, { watermark: 5_000, emitWatermark: 'perElement' }),
      fixedWindow<Event>(60_000),
      afterWatermark<Event>({ allowedLateness: 10_000, accumulation: 'accumulating' }),
    )
    .subscribe((rec: EventTimeRecord<Event>) => {
      if (rec.kind === 'watermark') n++;
    });
  const cpu = process.cpuUsage(c0);
  console.log(`records before the grouping: ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms cpu, ${n} watermark records`);
}

// The reducer alone, driven directly: what the grouping shell adds is the rest.
for (let r = 0; r < 5; r++) {
  let panes = 0;
  const reducer = new Reducer(
    {
      strategy: { ...DEFAULT_STRATEGY, windowFn: fixedWindows(60_000), trigger: afterWatermarkTrigger(), allowedLateness: 10_000, accumulation: 'accumulating' },
      key: (e: Event) => e.key,
      combineFn: combineFields({ count: Combine.count<Event>(), sum: Combine.sum((e: Event) => e.amount) }),
      now: () => 0,
    },
    { pane: () => void panes++, dropped: () => undefined },
  );
  const c0 = process.cpuUsage();
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const e = data[i];
    reducer.processElement(e, e.t);
    if (e.t > max) {
      max = e.t;
      reducer.advanceWatermark(max - 5_000);
    }
  }
  reducer.advanceWatermark(Number.MAX_SAFE_INTEGER);
  const cpu = process.cpuUsage(c0);
  console.log(`reducer alone: ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms cpu, ${panes} panes`);
}
