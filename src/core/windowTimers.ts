/**
 * The event-time timers of a store's windows: one timer a window (see `WindowBucket.timer`), in a queue
 * ordered by time, ties in the order they were filed, as Beam's timer internals deliver them.
 */
import type { Instant } from '../time.js';
import { MinHeap } from './heap.js';
import type { WindowBucket } from './windowBucket.js';

/**
 * The queue of the windows' timers. A window's timer that changes is filed again as a new entry and its
 * earlier entries go stale (skipped when they come up), so nothing is searched for in the queue.
 */
export class WindowTimers<K, Acc> {
  private readonly queue = new MinHeap<WindowBucket<K, Acc>>();

  /** The live buckets in the order their timers come due (a snapshot lists them so, to keep ties in order). */
  inTimerOrder(): WindowBucket<K, Acc>[] {
    const live = this.queue.entries().filter((e) => e.item.alive && e.item.queuedSeq === e.seq);
    return live.map((e) => e.item).sort((a, b) => a.timer - b.timer || a.timerSeq - b.timerSeq);
  }

  /** Files a bucket's timer in the queue as a new entry; its earlier entries go stale. */
  file(bucket: WindowBucket<K, Acc>): void {
    bucket.timerSeq = bucket.queuedSeq = this.queue.push(bucket.timer, bucket);
    bucket.queuedAt = bucket.timer;
  }

  /**
   * A bucket whose timer moved (its window merged): its timer sorts among ties as a new bucket's would
   * (the order of filing). A session grows at its end, so its timer mostly moves later: then its entry
   * stays, and files it again under the new time when it comes up (before any later time can), instead
   * of one entry per element that extends it.
   */
  moved(bucket: WindowBucket<K, Acc>): void {
    if (bucket.queuedAt <= bucket.timer) bucket.timerSeq = this.queue.reserve();
    else this.file(bucket);
  }

  /** The earliest pending timer, or +Infinity. */
  earliest(): Instant {
    const queue = this.queue;
    while (queue.size > 0) {
      const bucket = queue.peek()!;
      const live = bucket.alive && queue.peekSeq() === bucket.queuedSeq;
      if (live && bucket.queuedSeq === bucket.timerSeq) break;
      // A moved bucket's earlier entry files it again at its time, where it sorts as if filed at the move.
      if (live) bucket.queuedSeq = queue.replaceFirst((bucket.queuedAt = bucket.timer), bucket.timerSeq, bucket);
      else queue.pop();
    }
    return queue.peekKey();
  }

  /** Removes and returns the window whose timer is due strictly before `watermark`, earliest first. */
  nextDue(watermark: Instant): WindowBucket<K, Acc> | undefined {
    return this.earliest() < watermark ? this.queue.pop() : undefined;
  }

  clear(): void {
    this.queue.clear();
  }
}
