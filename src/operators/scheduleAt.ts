import { Subscription, type SchedulerLike } from 'rxjs';
import type { Instant } from '../time.js';

/**
 * The longest delay a JavaScript timer holds (a signed 32-bit number of ms, about 24.8 days). Node and
 * browsers run a longer `setTimeout` / `setInterval` after 1 ms instead, with only a warning.
 */
export const MAX_TIMER_DELAY = 2 ** 31 - 1;

/**
 * Runs `work` once, when the scheduler's clock reaches `at`. A wait longer than {@link MAX_TIMER_DELAY}
 * (a processing-time trigger or an idleness timeout of weeks) is taken in steps of at most that long,
 * each step arming the next until `at` is reached, so it neither fires early nor spins.
 * Unsubscribing the returned subscription cancels whichever step is pending.
 */
export function scheduleAt(scheduler: SchedulerLike, at: Instant, work: () => void): Subscription {
  const delay = at - scheduler.now();
  // The common case stays one plain action.
  if (delay <= MAX_TIMER_DELAY) return scheduler.schedule(work, delay > 0 ? delay : 0);
  // Each step is a new action (any SchedulerLike can do that; re-scheduling through `this` is not
  // part of every scheduler), held by one subscription that the caller can cancel.
  const all = new Subscription();
  let pending: Subscription | undefined;
  const step = () => {
    if (pending !== undefined) all.remove(pending);
    const left = at - scheduler.now();
    if (left > 0) arm(left < MAX_TIMER_DELAY ? left : MAX_TIMER_DELAY);
    else work();
  };
  const arm = (ms: number) => {
    pending = scheduler.schedule(step, ms);
    all.add(pending);
  };
  arm(MAX_TIMER_DELAY);
  return all;
}
