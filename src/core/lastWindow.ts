/**
 * The reducer's fast path under windows that partition time (fixed and calendar windows) and
 * end-of-window holds: the last window an element went to. The next element whose time falls in it,
 * while the window is on time, needs neither its windows assigned nor their bucket found; and for a key
 * whose state there is settled (`KeyWindow.isSettled`), it only needs adding to its accumulator when the
 * trigger has nothing to do for it either (an end-of-window trigger, or a processing-time wait that is
 * armed and not due: `TriggerRunner.skips`): every other step of the plain path would do nothing for
 * it. The window is open (an on-time window's garbage-collection time is ahead) and the end-of-window
 * hold is placed.
 *
 * A state of a window that is late or gone is never settled between steps (the end-of-window firing
 * takes its elements); the window's time is checked all the same, so that the fast path does not rest
 * on that. `ReducerConfig.plainPaths` turns it off, and `spec/core/elementPath.spec.ts` compares the two.
 */
import type { Instant } from '../time.js';
import type { WindowBucket } from './windowBucket.js';

/** The last window an element of a reducer went to: its bucket and times, for the fast path. */
export class LastWindow<K, Acc> {
  /** The window's bucket, while there is one. */
  bucket: WindowBucket<K, Acc> | undefined = undefined;
  /** The window's start and end: NaN while there is none, so that no time is in it. */
  private start: Instant = Number.NaN;
  private end: Instant = Number.NaN;
  /** The window's last instant: the window is on time while the input watermark is not past it. */
  private max: Instant = Number.NaN;

  /** @param enabled whether the reducer's strategy allows the fast path; otherwise nothing is kept. */
  constructor(readonly enabled: boolean) {}

  /** Keeps the window of `bucket`, which an element just went to. */
  remember(bucket: WindowBucket<K, Acc>): void {
    const window = bucket.window;
    this.bucket = bucket;
    this.start = window.start;
    this.end = window.end;
    this.max = window.maxTimestamp;
  }

  /** Keeps nothing (the reducer's state is gone). */
  forget(): void {
    this.bucket = undefined;
    this.start = this.end = this.max = Number.NaN;
  }

  /** Whether time `t` is in the window, and the window on time under the input watermark `inputWm`. */
  takes(t: Instant, inputWm: Instant): boolean {
    return t >= this.start && t < this.end && !(inputWm > this.max);
  }
}
