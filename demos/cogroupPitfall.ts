/**
 * The pitfall of the original tutorial, reproduced: it computed the count per user and the sum per user
 * as two accumulating groupings and joined them with CoGroupByKey. Downstream, the join groups again,
 * and with accumulating panes it keeps every upstream pane it receives: after the late event, u2's
 * first window holds the on-time count 1 *and* the late count 2, so code that reads the first value
 * reports the stale count. `combineFields` computes both in one pass and has no such problem.
 *
 *   npx tsx demos/cogroupPitfall.ts
 */
import { VirtualTimeScheduler, type SchedulerLike } from 'rxjs';
import { Combine, coGroupByKey, combinePerKey, formatUtc, type Pane } from '../src/index.js';
import { collect, runStream, tutorialEvents, tutorialWindowing, type SpendEvent } from './userSpend.js';

/** One pane of the join: for each user and window, the values each side delivered. */
export type JoinedSpend = Pane<{ count: number[]; sum_amount: number[] }, string>;

/** The tutorial's original shape: two accumulating groupings joined per key and window. */
export function runJoinedStream(): JoinedSpend[] {
  const scheduler: SchedulerLike & { flush(): void } = new VirtualTimeScheduler();
  const windowed = () => tutorialEvents(scheduler).pipe(tutorialWindowing<SpendEvent>());
  const counts$ = windowed().pipe(combinePerKey((e: SpendEvent) => e.user_id, Combine.count<SpendEvent>(), { scheduler }));
  const sums$ = windowed().pipe(combinePerKey((e: SpendEvent) => e.user_id, Combine.sum((e: SpendEvent) => e.amount), { scheduler }));
  return collect(coGroupByKey({ count: counts$, sum_amount: sums$ }, { scheduler }), () => scheduler.flush()) as JoinedSpend[];
}

function line(p: JoinedSpend): string {
  return JSON.stringify({
    user_id: p.key,
    count: p.value.count,
    sum_amount: p.value.sum_amount,
    window_start_utc: formatUtc(p.window.start, 'HH:mm:ss'),
    pane_timing: p.pane.timing,
  });
}

if (require.main === module) {
  console.log('== CoGroupByKey of two accumulating groupings (the original tutorial) ==');
  runJoinedStream().forEach((p) => console.log(line(p)));
  console.log('\n== one grouping with combineFields (this package) ==');
  runStream().forEach((p) =>
    console.log(JSON.stringify({ user_id: p.key, ...p.value, window_start_utc: formatUtc(p.window.start, 'HH:mm:ss'), pane_timing: p.pane.timing })),
  );
}
