/** The pipeline of `npm run demo:cluster`: per-user spend per 10 s, with early and late firings. */
import { afterCount, afterWatermark, Combine, combinePerKey, fixedWindow, type EventTimeStream } from '../src/index';

export interface Spend {
  readonly user: string;
  readonly t: number;
  readonly amount: number;
}

export const pipeline = (events$: EventTimeStream<Spend>) =>
  events$.pipe(
    fixedWindow(10_000),
    afterWatermark({ early: afterCount(50), late: afterCount(1), allowedLateness: 30_000, accumulation: 'accumulating' }),
    combinePerKey((e: Spend) => e.user, Combine.sum((e: Spend) => e.amount)),
  );
