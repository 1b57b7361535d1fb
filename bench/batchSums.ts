/**
 * The main row's job as a batch fold (`bench/parallel.ts`): 60 s fixed windows, 10 s allowed
 * lateness, accumulating panes, count and sum per key; events cross to the workers in columns.
 */
import { afterWatermark, Combine, combineFields, fixedWindow } from '../src/index.js';
import { batchFold } from '../src/node/index.js';
import type { Event } from './workload.js';

export default batchFold({
  eventTime: (e: Event) => e.t,
  key: (e: Event) => e.key,
  windowing: (s) => s.pipe(fixedWindow<Event>(60_000), afterWatermark<Event>({ allowedLateness: 10_000, accumulation: 'accumulating' })),
  combine: combineFields({ count: Combine.count<Event>(), sum: Combine.sum((e: Event) => e.amount) }),
  columns: { key: 'value', t: 'number', amount: 'number' },
});
