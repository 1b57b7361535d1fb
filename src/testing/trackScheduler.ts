import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';
import { requireScheduler } from '../internal/checks.js';

/**
 * A scheduler that counts the actions scheduled through it, to prove that operators cancel every timer
 * they set: `live` is the number of actions scheduled and neither run nor cancelled. Wraps any
 * scheduler (a `VirtualTimeScheduler`, or `asyncScheduler` inside `TestScheduler.run`).
 *
 * @example
 * const tracked = trackScheduler(new VirtualTimeScheduler());
 * const sub = events$.pipe(combinePerKey(k, fn, { scheduler: tracked })).subscribe();
 * sub.unsubscribe();
 * expect(tracked.live).toBe(0);
 *
 * @category Testing
 */
export class TrackedScheduler implements SchedulerLike {
  /** Actions scheduled (each re-schedule from inside an action counts again). */
  scheduled = 0;
  /** Actions that ran. */
  executed = 0;
  /** Actions unsubscribed before they ran. */
  cancelled = 0;
  private readonly pending = new Set<Subscription>();
  private readonly watched = new WeakSet<Subscription>();

  constructor(readonly inner: SchedulerLike) {
    requireScheduler('trackScheduler', 'inner', inner);
  }

  /** Actions scheduled that have neither run nor been cancelled. */
  get live(): number {
    return this.pending.size;
  }

  /** The wrapped scheduler's clock. */
  now(): number {
    return this.inner.now();
  }

  /** Schedules on the wrapped scheduler and counts the action until it runs or is cancelled. */
  schedule<T>(work: (this: SchedulerAction<T>, state: T) => void, delay?: number, state?: T): Subscription {
    const tracker = this;
    const wrapped = function (this: SchedulerAction<T>, s: T): void {
      const self = this;
      tracker.pending.delete(self);
      tracker.executed++;
      // Re-scheduling from inside the work goes through the tracker too.
      const proxy = {
        schedule: (next?: T, nextDelay?: number) => tracker.track(self.schedule(next, nextDelay)),
        unsubscribe: () => self.unsubscribe(),
        add: (t: Parameters<Subscription['add']>[0]) => self.add(t),
        remove: (t: Parameters<Subscription['remove']>[0]) => self.remove(t),
        get closed() {
          return self.closed;
        },
      } as unknown as SchedulerAction<T>;
      work.call(proxy, s);
    };
    return this.track(this.inner.schedule(wrapped, delay ?? 0, state as T));
  }

  private track(action: Subscription): Subscription {
    this.scheduled++;
    this.pending.add(action);
    // An async action re-scheduled from its own work is the same object: one teardown is enough.
    if (!this.watched.has(action)) {
      this.watched.add(action);
      action.add(() => {
        if (this.pending.delete(action)) this.cancelled++;
      });
    }
    return action;
  }
}

/**
 * Wraps a scheduler in a {@link TrackedScheduler}.
 *
 * @param inner - The scheduler that runs the actions.
 *
 * @category Testing
 */
export function trackScheduler(inner: SchedulerLike): TrackedScheduler {
  return new TrackedScheduler(inner);
}
