import type { SchedulerLike, Subscription } from 'rxjs';
import type { Instant } from '../time.js';
import { scheduleAt } from './scheduleAt.js';

const NEVER = Number.POSITIVE_INFINITY;

/**
 * The processing-time wake-ups of one grouping: the reducer says, at the end of a step, the earliest
 * processing time after which it wants to be woken (`request`), and this keeps one action on the
 * injected scheduler for it. Once the source drives processing time itself (a test stream's clock
 * records), nothing is scheduled any more and `isDue` alone tells when to wake the reducer.
 */
export class WakeUpTimer {
  /** The processing time the reducer asked to be woken after, or +Infinity. */
  private requested: Instant = NEVER;
  private action: Subscription | undefined;
  /** When the scheduled action runs: one ms after the request, for timers fire once the clock is strictly after them. */
  private actionAt: Instant = NEVER;
  private clocked = false;

  constructor(
    private readonly scheduler: SchedulerLike,
    private readonly wake: () => void,
    /** The current processing time (the grouping's, read once a step). */
    private readonly now: () => Instant,
  ) {}

  /** The reducer's next wake-up: keeps the scheduled action if it runs at or before it, else moves it. */
  request(at: Instant): void {
    this.requested = at;
    if (this.clocked) return;
    if (at === NEVER) return this.cancel();
    const runAt = at + 1;
    if (this.action !== undefined && this.actionAt <= runAt) return;
    this.cancel();
    this.actionAt = runAt;
    this.action = scheduleAt(this.scheduler, runAt, () => {
      this.action = undefined;
      this.actionAt = NEVER;
      this.wake();
    });
  }

  /** True when the clock has passed the requested time: the reducer's timers are due before the next input. */
  isDue(): boolean {
    return this.requested !== NEVER && this.requested < this.now();
  }

  /** From now on the source's clock records move processing time: no action is scheduled. */
  followClock(): void {
    this.clocked = true;
    this.cancel();
  }

  /** Cancels the scheduled action and ignores later requests (the stream has ended). */
  stop(): void {
    this.followClock();
    this.requested = NEVER;
  }

  private cancel(): void {
    this.action?.unsubscribe();
    this.action = undefined;
    this.actionAt = NEVER;
  }
}
