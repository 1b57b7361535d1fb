import type { Instant } from '../time.js';
import { sameWindow, type Window } from '../windows/window.js';
import { ActiveWindowsByKey, regrow, type ActiveWindows } from './activeWindows.js';
import { MinHeap } from './heap.js';
import { KeyWindow } from './keyWindow.js';
import type { ReducerMetrics } from './reducerTypes.js';
import { garbageCollectionTime } from './strategy.js';
import { firstTimer, KeyedStates, WindowBucket } from './windowBucket.js';

export type { KeyWindow } from './keyWindow.js';

/**
 * How a store tracks each key's open windows for merging: not at all (windows never merge), for windows
 * that never overlap one another once merged (sessions: a window keeps its place in the order when it
 * grows), or for any merging windows.
 */
export type ActiveTracking = 'none' | 'disjoint' | 'any';

/**
 * Where a reducer keeps its per-key, per-window state: windows indexed by start (no string key built per
 * element), each window's states by key, an ordered queue of their event-time timers, and, for merging
 * windows, each key's open windows. Under windows that overlap without merging (sliding windows), each
 * key's states are linked too, so that one lookup of the key finds its states in all of an element's
 * windows (see `linkByKey`).
 *
 * Timers follow Beam's `ReduceFnRunner`: every window has its garbage-collection timer, and an
 * end-of-window timer only when a trigger set one. When the root trigger is the default or a watermark
 * trigger, every element before the end sets it, so `endOfWindowTimers` gives every window one from the
 * start, with no per-element bookkeeping.
 */
export class WindowStore<K, Acc> {
  private readonly buckets = new Map<Instant, WindowBucket<K, Acc>>();
  private readonly timers = new MinHeap<WindowBucket<K, Acc>>();
  private readonly activeByKey = new ActiveWindowsByKey<KeyWindow<K, Acc>>();
  /**
   * Once the store links each key's states ({@link linkByKey}): each key's newest live state, by key
   * identity, the older ones following through `olderOfKey`. A state leaves the links when released.
   */
  private readonly newestByKey = new KeyedStates<unknown, KeyWindow<K, Acc>>();
  private linked = false;
  /** Consecutive elements mostly fall in the same window: the last bucket used, found without a map lookup. */
  private lastBucket: WindowBucket<K, Acc> | undefined = undefined;
  /** The buckets found or made last, checked by window identity (a few, overwritten in turn). */
  private readonly recent: WindowBucket<K, Acc>[] = [];
  private recentNext = 0;

  constructor(
    private readonly allowedLateness: number,
    private readonly tracking: ActiveTracking,
    private readonly metrics: ReducerMetrics,
    private readonly endOfWindowTimers: boolean,
  ) {}

  /** The state of the key with identity `id` in `window`, created (for `key`, with its window's timer) when missing. */
  get(id: unknown, key: K, window: Window, inputWatermark: Instant): KeyWindow<K, Acc> {
    return this.inBucket(this.bucket(window, inputWatermark), id, key);
  }

  /** The existing bucket of `window`, or undefined; the last one used is checked first. */
  find(window: Window): WindowBucket<K, Acc> | undefined {
    // Kept small so that it inlines into the element path: the same window object as last time.
    const last = this.lastBucket;
    if (last !== undefined && last.window === window && last.alive) return last;
    return this.findBucket(window);
  }

  /** {@link find}, without the index when `near` is the only bucket of `window`'s start (a session growing at its end). */
  findBeside(near: WindowBucket<K, Acc>, window: Window): WindowBucket<K, Acc> | undefined {
    if (!near.alive || !near.head || near.sibling !== undefined || near.window.start !== window.start) return this.find(window);
    return sameWindow(near.window, window) ? near : undefined;
  }

  private findBucket(window: Window): WindowBucket<K, Acc> | undefined {
    // Window functions hand out the same window objects again (sliding windows: several per element),
    // so the buckets of the last few window objects are checked by identity before the index.
    const recent = this.recent;
    for (let i = 0; i < recent.length; i++) {
      const b = recent[i];
      if (b.window === window && b.alive) return (this.lastBucket = b);
    }
    const last = this.lastBucket;
    if (last !== undefined && last.alive && sameWindow(last.window, window)) return last;
    let bucket = this.buckets.get(window.start);
    while (bucket !== undefined && bucket.window.end !== window.end) bucket = bucket.sibling;
    if (bucket !== undefined) this.remember(bucket);
    return bucket;
  }

  private remember(bucket: WindowBucket<K, Acc>): void {
    const recent = this.recent;
    if (recent.length < RECENT) recent.push(bucket);
    else recent[this.recentNext] = bucket;
    this.recentNext = (this.recentNext + 1) % RECENT;
    this.lastBucket = bucket;
  }

  /** The live buckets in the order their timers come due (a snapshot lists them so, to keep ties in order). */
  bucketsInTimerOrder(): WindowBucket<K, Acc>[] {
    const live = this.timers.entries().filter((e) => e.item.alive && e.item.queuedSeq === e.seq);
    return live.map((e) => e.item).sort((a, b) => a.timer - b.timer || a.timerSeq - b.timerSeq);
  }

  /** A bucket restored from a snapshot, with the timer it had; buckets are restored in timer order. */
  restoreBucket(window: Window, timer: Instant): WindowBucket<K, Acc> {
    const bucket = new WindowBucket<K, Acc>(window, garbageCollectionTime(window, this.allowedLateness), timer, false);
    bucket.timer = timer;
    this.link(bucket);
    this.file(bucket);
    return bucket;
  }

  /** The bucket of `window`, created (with its timer) when missing. */
  bucket(window: Window, inputWatermark: Instant): WindowBucket<K, Acc> {
    let bucket = this.find(window);
    if (bucket === undefined) {
      bucket = new WindowBucket<K, Acc>(window, garbageCollectionTime(window, this.allowedLateness), inputWatermark, this.endOfWindowTimers);
      this.link(bucket);
      this.file(bucket);
      this.remember(bucket);
    }
    return bucket;
  }

  /**
   * Moves a state's bucket, which holds no other state, to a window that has no bucket yet: the same as
   * creating the new window's bucket, moving the state into it and removing the old one, without the
   * garbage. Merging uses it when a key's only state in a window moves to the window it merged into.
   */
  move(kw: KeyWindow<K, Acc>, window: Window, inputWatermark: Instant): void {
    const bucket = kw.bucket;
    // A key's open windows are ordered by window. A session keeps its place when it grows (the key's
    // other open sessions lie wholly before or after it); other merging windows may not.
    const entry = kw.activeEntry;
    const reorder = entry !== undefined && this.tracking === 'any';
    if (reorder) this.deactivate(kw);
    else if (entry !== undefined) regrow(entry, window);
    // Buckets are indexed by start: a window extended at its end (a session growing) stays where it is.
    if (bucket.window.start !== window.start) {
      this.unlink(bucket);
      bucket.sibling = undefined;
      bucket.window = window;
      this.link(bucket);
    } else bucket.window = window;
    bucket.gcTime = garbageCollectionTime(window, this.allowedLateness);
    bucket.timer = firstTimer(window, bucket.gcTime, inputWatermark, this.endOfWindowTimers);
    // The timer sorts among ties as a new bucket's would (creation order). A session grows at its end, so
    // its timer mostly moves later: its entry stays, and files it again under the new time when it comes
    // up (before any later time can), instead of one entry per element that extends it.
    if (bucket.queuedAt <= bucket.timer) bucket.timerSeq = this.timers.reserve();
    else this.file(bucket);
    this.lastBucket = bucket;
    if (reorder) this.activate(kw);
  }

  /** Indexes a bucket by its window's start (after the other buckets of that start). */
  private link(bucket: WindowBucket<K, Acc>): void {
    const first = this.buckets.get(bucket.window.start);
    bucket.head = first === undefined;
    if (first !== undefined) {
      bucket.sibling = first.sibling;
      first.sibling = bucket;
    } else {
      this.buckets.set(bucket.window.start, bucket);
    }
  }

  /** Takes a bucket out of the index. */
  private unlink(bucket: WindowBucket<K, Acc>): void {
    const start = bucket.window.start;
    const first = this.buckets.get(start);
    if (first === bucket) {
      if (bucket.sibling !== undefined) this.buckets.set(start, bucket.sibling);
      else this.buckets.delete(start);
      if (bucket.sibling !== undefined) bucket.sibling.head = true;
    } else {
      let b = first;
      while (b !== undefined && b.sibling !== bucket) b = b.sibling;
      if (b !== undefined) b.sibling = bucket.sibling;
    }
  }

  /**
   * From now on, links each key's states too, newest first, so that one lookup of the key finds its
   * state in any window ({@link newestOf}, {@link inBucketFrom}). Worth it when an element belongs to
   * several windows (sliding windows), where each window would cost a lookup of the key; not when every
   * element belongs to one window (the links cost lookups to make and undo, which the 1e5-keys bench row
   * shows). The reducer asks for it at the first element of several windows; merging windows never do.
   */
  linkByKey(): void {
    if (this.linked || this.tracking !== 'none') return;
    this.linked = true;
    for (const first of this.buckets.values()) {
      for (let b: WindowBucket<K, Acc> | undefined = first; b !== undefined; b = b.sibling) {
        for (const kw of b.values()) this.linkAsNewest(kw);
      }
    }
  }

  private linkAsNewest(kw: KeyWindow<K, Acc>): void {
    kw.olderOfKey = this.newestByKey.get(kw.id);
    this.newestByKey.set(kw.id, kw);
  }

  /** The key's newest state; links the store's states by key first ({@link linkByKey}) when they are not yet. */
  newestOf(id: unknown): KeyWindow<K, Acc> | undefined {
    if (!this.linked) this.linkByKey();
    return this.newestByKey.get(id);
  }

  /** The state of the key with identity `id` in a live bucket, created (for `key`) when missing. */
  inBucket(bucket: WindowBucket<K, Acc>, id: unknown, key: K): KeyWindow<K, Acc> {
    const kw = bucket.get(id);
    return kw !== undefined ? kw : this.create(bucket, id, key);
  }

  /**
   * {@link inBucket}, looked for first through the key's states from `from`, one of them ({@link newestOf}
   * when in doubt), on to its oldest. A caller that goes through an element's windows newest first
   * passes on the state after the last one found, where the next one mostly is; the window's own lookup
   * is the last resort.
   */
  inBucketFrom(bucket: WindowBucket<K, Acc>, id: unknown, key: K, from: KeyWindow<K, Acc> | undefined): KeyWindow<K, Acc> {
    // Kept small so that it inlines into the element path: mostly `from` is the one.
    if (from !== undefined && from.bucket === bucket) return from;
    return this.olderOrInBucket(from, bucket, id, key);
  }

  private olderOrInBucket(from: KeyWindow<K, Acc> | undefined, bucket: WindowBucket<K, Acc>, id: unknown, key: K): KeyWindow<K, Acc> {
    for (let kw = from; kw !== undefined; kw = kw.olderOfKey) if (kw.bucket === bucket) return kw;
    return this.inBucket(bucket, id, key);
  }

  private create(bucket: WindowBucket<K, Acc>, id: unknown, key: K): KeyWindow<K, Acc> {
    const kw = new KeyWindow<K, Acc>(key, id, bucket);
    if (this.linked) this.linkAsNewest(kw);
    bucket.set(id, kw);
    this.metrics.openWindows++;
    if (this.tracking !== 'none') this.activate(kw);
    return kw;
  }

  /** The windows of the key with identity `id` that can still merge, in window order (merging window functions only). */
  active(id: unknown): ActiveWindows<KeyWindow<K, Acc>> | undefined {
    return this.activeByKey.get(id);
  }

  /**
   * Makes a state take part in merging. A new state does; so does a closed one that a merge results in
   * (Beam: `MergingActiveWindowSet.recordMerge` makes every merge result active).
   */
  activate(kw: KeyWindow<K, Acc>): void {
    if (kw.activeEntry === undefined) kw.activeEntry = this.activeByKey.add(kw.id, kw, kw.bucket.window);
  }

  /** True while a state takes part in merging (merging window functions only). */
  isActive(kw: KeyWindow<K, Acc>): boolean {
    return this.tracking !== 'none' && kw.activeEntry !== undefined;
  }

  /** Takes a window out of merging: its trigger finished (Beam removes it from the active window set). */
  deactivate(kw: KeyWindow<K, Acc>): void {
    // Windows that do not merge have no active entries (the state's link field holds `olderOfKey`).
    if (this.tracking === 'none') return;
    const entry = kw.activeEntry;
    if (entry === undefined) return;
    kw.activeEntry = undefined;
    this.activeByKey.delete(kw.id, entry);
  }

  /** Marks a state dead, frees its contents and unlinks it from its key's states; its bucket still lists it until the bucket goes. */
  release(kw: KeyWindow<K, Acc>): void {
    if (!kw.alive) return;
    this.deactivate(kw);
    if (this.linked) this.unlinkFromKey(kw);
    kw.alive = false;
    kw.acc = undefined;
    kw.elementHold = undefined;
    kw.extraHold = undefined;
    this.metrics.openWindows--;
  }

  private unlinkFromKey(kw: KeyWindow<K, Acc>): void {
    const newest = this.newestByKey.get(kw.id);
    if (newest === kw) {
      if (kw.olderOfKey !== undefined) this.newestByKey.set(kw.id, kw.olderOfKey);
      else this.newestByKey.delete(kw.id);
    } else {
      let newer = newest;
      while (newer !== undefined && newer.olderOfKey !== kw) newer = newer.olderOfKey;
      if (newer !== undefined) newer.olderOfKey = kw.olderOfKey;
    }
    kw.olderOfKey = undefined;
  }

  /** Forgets one key's state in one window (merged away), and the window when no key is left. */
  remove(kw: KeyWindow<K, Acc>): void {
    this.release(kw);
    const bucket = kw.bucket;
    if (bucket.get(kw.id) === kw) bucket.delete(kw.id);
    if (bucket.size === 0 && bucket.alive) this.removeBucket(bucket);
  }

  /** Releases every state of a window and forgets the window (garbage collection). */
  removeBucket(bucket: WindowBucket<K, Acc>): void {
    for (const kw of bucket.values()) this.release(kw);
    bucket.alive = false;
    bucket.clear();
    if (this.lastBucket === bucket) this.lastBucket = undefined;
    this.unlink(bucket);
  }

  /** The earliest pending event-time timer, or +Infinity. */
  earliestTimer(): Instant {
    const timers = this.timers;
    while (timers.size > 0) {
      const bucket = timers.peek()!;
      const live = bucket.alive && timers.peekSeq() === bucket.queuedSeq;
      if (live && bucket.queuedSeq === bucket.timerSeq) break;
      timers.pop();
      // A moved bucket's earlier entry files it again at its time, where it sorts as if filed at the move.
      if (live) bucket.queuedSeq = timers.pushAs((bucket.queuedAt = bucket.timer), bucket.timerSeq, bucket);
    }
    return timers.peekKey();
  }

  /** Removes and returns the window whose timer is due strictly before `watermark`, earliest first. */
  nextDue(watermark: Instant): WindowBucket<K, Acc> | undefined {
    return this.earliestTimer() < watermark ? this.timers.pop() : undefined;
  }

  /**
   * A trigger set the end-of-window timer of a state in this window, before the window's end: the window's
   * timer moves there from its garbage-collection time (the older queue entry goes stale).
   */
  scheduleEndOfWindow(bucket: WindowBucket<K, Acc>): void {
    const end = bucket.window.maxTimestamp;
    if (bucket.timer <= end) return;
    bucket.timer = end;
    this.file(bucket);
  }

  /** After the end-of-window firing, the window's timer moves to its garbage-collection time. */
  scheduleGarbageCollection(bucket: WindowBucket<K, Acc>): void {
    bucket.timer = bucket.gcTime;
    this.file(bucket);
  }

  /** Files a bucket's timer in the queue as a new entry; its earlier entries go stale. */
  private file(bucket: WindowBucket<K, Acc>): void {
    bucket.timerSeq = bucket.queuedSeq = this.timers.push(bucket.timer, bucket);
    bucket.queuedAt = bucket.timer;
  }

  /** Drops everything. */
  clear(): void {
    for (const first of this.buckets.values()) {
      for (let b: WindowBucket<K, Acc> | undefined = first; b !== undefined; b = b.sibling) {
        for (const kw of b.values()) this.release(kw);
        b.alive = false;
        b.clear();
      }
    }
    this.buckets.clear();
    this.newestByKey.clear();
    this.timers.clear();
    this.lastBucket = undefined;
    this.recent.length = 0;
    this.activeByKey.clear();
  }
}

/** How many recent buckets {@link WindowStore} checks by identity: more than the windows of one element of the usual sliding windows. */
const RECENT = 8;
