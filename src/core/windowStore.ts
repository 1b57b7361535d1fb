import type { Instant } from '../time.js';
import type { Window } from '../windows/window.js';
import { ActiveWindowsByKey, regrow, type ActiveWindows } from './activeWindows.js';
import { KeyLinks, olderIn } from './keyLinks.js';
import { KeyWindow } from './keyWindow.js';
import type { ReducerMetrics } from './reducerTypes.js';
import { garbageCollectionTime } from './strategy.js';
import { firstTimer, WindowBucket } from './windowBucket.js';
import { WindowIndex } from './windowIndex.js';
import { WindowTimers } from './windowTimers.js';

export type { KeyWindow } from './keyWindow.js';

/**
 * How a store tracks each key's open windows for merging: not at all (windows never merge), for windows
 * that never overlap one another once merged (sessions: a window keeps its place in the order when it
 * grows), or for any merging windows.
 */
export type ActiveTracking = 'none' | 'disjoint' | 'any';

/**
 * Where a reducer keeps its per-key, per-window state, one collaborator per concept: the windows by start
 * (`WindowIndex`, no string key built per element), each window's states by key (`WindowBucket`), the
 * windows' event-time timers in order (`WindowTimers`), for merging windows each key's open windows
 * (`ActiveWindowsByKey`), and under windows that overlap without merging (sliding windows) each key's
 * states linked, so that one lookup of the key finds its states in all of an element's windows
 * (`KeyLinks`, see `linkByKey`).
 *
 * Timers follow Beam's `ReduceFnRunner`: every window has its garbage-collection timer, and an
 * end-of-window timer only when a trigger set one. When the root trigger is the default or a watermark
 * trigger, every element before the end sets it, so `endOfWindowTimers` gives every window one from the
 * start, with no per-element bookkeeping.
 */
export class WindowStore<K, Acc> {
  private readonly index = new WindowIndex<K, Acc>();
  private readonly timers = new WindowTimers<K, Acc>();
  private readonly activeByKey = new ActiveWindowsByKey<KeyWindow<K, Acc>>();
  /** Each key's states, linked once the store links them ({@link linkByKey}). A state leaves the links when released. */
  private keyLinks: KeyLinks<K, Acc> | undefined = undefined;

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
    return this.index.find(window);
  }

  /** {@link find}, without the index when `near` is the only bucket of `window`'s start (a session growing at its end). */
  findBeside(near: WindowBucket<K, Acc>, window: Window): WindowBucket<K, Acc> | undefined {
    return this.index.findBeside(near, window);
  }

  /** The live buckets in the order their timers come due (a snapshot lists them so, to keep ties in order). */
  bucketsInTimerOrder(): WindowBucket<K, Acc>[] {
    return this.timers.inTimerOrder();
  }

  /** A bucket restored from a snapshot, with the timer it had; buckets are restored in timer order. */
  restoreBucket(window: Window, timer: Instant): WindowBucket<K, Acc> {
    const bucket = new WindowBucket<K, Acc>(window, garbageCollectionTime(window, this.allowedLateness), timer, false);
    bucket.timer = timer;
    this.index.add(bucket);
    this.timers.file(bucket);
    return bucket;
  }

  /** The bucket of `window`, created (with its timer) when missing. */
  bucket(window: Window, inputWatermark: Instant): WindowBucket<K, Acc> {
    let bucket = this.find(window);
    if (bucket === undefined) {
      bucket = new WindowBucket<K, Acc>(window, garbageCollectionTime(window, this.allowedLateness), inputWatermark, this.endOfWindowTimers);
      this.index.add(bucket);
      this.timers.file(bucket);
      this.index.remember(bucket);
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
    this.index.move(bucket, window);
    bucket.gcTime = garbageCollectionTime(window, this.allowedLateness);
    bucket.timer = firstTimer(window, bucket.gcTime, inputWatermark, this.endOfWindowTimers);
    this.timers.moved(bucket);
    if (reorder) this.activate(kw);
  }

  /**
   * From now on, links each key's states too, newest first, so that one lookup of the key finds its
   * state in any window ({@link newestOf}, {@link inBucketFrom}). Worth it when an element belongs to
   * several windows (sliding windows), where each window would cost a lookup of the key; not when every
   * element belongs to one window (the links cost lookups to make and undo, which the 1e5-keys bench row
   * shows). The reducer asks for it at the first element of several windows; merging windows never do.
   */
  linkByKey(): void {
    if (this.keyLinks !== undefined || this.tracking !== 'none') return;
    const links = (this.keyLinks = new KeyLinks<K, Acc>());
    for (const b of this.index.buckets()) {
      for (const kw of b.values()) links.add(kw);
      b.listOnly();
    }
  }

  /** The key's newest state; links the store's states by key first ({@link linkByKey}) when they are not yet. */
  newestOf(id: unknown): KeyWindow<K, Acc> | undefined {
    if (this.keyLinks === undefined) this.linkByKey();
    return this.keyLinks?.newest(id);
  }

  /** The state of the key with identity `id` in a live bucket, created (for `key`) when missing. */
  inBucket(bucket: WindowBucket<K, Acc>, id: unknown, key: K): KeyWindow<K, Acc> {
    const kw = this.stateIn(bucket, id);
    return kw !== undefined ? kw : this.create(bucket, id, key);
  }

  /** The state of the key with identity `id` in a live bucket, or undefined: through the key once linked, else through the window. */
  stateIn(bucket: WindowBucket<K, Acc>, id: unknown): KeyWindow<K, Acc> | undefined {
    return this.keyLinks !== undefined ? olderIn(this.keyLinks.newest(id), bucket) : bucket.get(id);
  }

  /**
   * {@link inBucket} once the states are linked by key ({@link newestOf}): the key's states are looked
   * through from `from`, one of them (the newest when in doubt), on to the oldest, then from the newest
   * up to `from`. A caller that goes through an element's windows newest first passes on the state after
   * the last one found, where the next one mostly is.
   */
  inBucketFrom(bucket: WindowBucket<K, Acc>, id: unknown, key: K, from: KeyWindow<K, Acc> | undefined): KeyWindow<K, Acc> {
    return olderIn(from, bucket) ?? olderIn(this.keyLinks!.newest(id), bucket, from) ?? this.create(bucket, id, key);
  }

  /** Makes the state of the key with identity `id` (for `key`) in a live bucket where it has none. */
  create(bucket: WindowBucket<K, Acc>, id: unknown, key: K): KeyWindow<K, Acc> {
    const kw = new KeyWindow<K, Acc>(key, id, bucket);
    if (this.keyLinks !== undefined) {
      this.keyLinks.add(kw);
      bucket.list(kw);
    } else bucket.set(id, kw);
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
    this.keyLinks?.remove(kw);
    kw.alive = false;
    kw.acc = undefined;
    kw.elementHold = undefined;
    kw.extraHold = undefined;
    this.metrics.openWindows--;
  }

  /** Forgets one key's state in one window (merged away), and the window when no key is left. */
  remove(kw: KeyWindow<K, Acc>): void {
    this.release(kw);
    const bucket = kw.bucket;
    if (this.keyLinks !== undefined) bucket.unlist(kw);
    else if (bucket.get(kw.id) === kw) bucket.delete(kw.id);
    if (bucket.size === 0 && bucket.alive) this.removeBucket(bucket);
  }

  /** Releases every state of a window and forgets the window (garbage collection). */
  removeBucket(bucket: WindowBucket<K, Acc>): void {
    for (const kw of bucket.values()) this.release(kw);
    bucket.alive = false;
    bucket.clear();
    this.index.delete(bucket);
  }

  /** The earliest pending event-time timer, or +Infinity. */
  earliestTimer(): Instant {
    return this.timers.earliest();
  }

  /** Removes and returns the window whose timer is due strictly before `watermark`, earliest first. */
  nextDue(watermark: Instant): WindowBucket<K, Acc> | undefined {
    return this.timers.nextDue(watermark);
  }

  /**
   * A trigger set the end-of-window timer of a state in this window, before the window's end: the window's
   * timer moves there from its garbage-collection time (the older queue entry goes stale).
   */
  scheduleEndOfWindow(bucket: WindowBucket<K, Acc>): void {
    const end = bucket.window.maxTimestamp;
    if (bucket.timer <= end) return;
    bucket.timer = end;
    this.timers.file(bucket);
  }

  /** After the end-of-window firing, the window's timer moves to its garbage-collection time. */
  scheduleGarbageCollection(bucket: WindowBucket<K, Acc>): void {
    bucket.timer = bucket.gcTime;
    this.timers.file(bucket);
  }

  /** Drops everything. */
  clear(): void {
    for (const b of this.index.buckets()) {
      for (const kw of b.values()) this.release(kw);
      b.alive = false;
      b.clear();
    }
    this.index.clear();
    this.keyLinks?.clear();
    this.timers.clear();
    this.activeByKey.clear();
  }
}
