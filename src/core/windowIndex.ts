/**
 * A store's windows by start: its buckets found from a window without building a key for it, the ones
 * used last first.
 */
import type { Instant } from '../time.js';
import { sameWindow, type Window } from '../windows/window.js';
import type { WindowBucket } from './windowBucket.js';

/** How many recent buckets {@link WindowIndex} checks by identity: more than the windows of one element of the usual sliding windows. */
const RECENT = 8;

/**
 * The buckets of a store by window start (the buckets of one start chained through `sibling`, the first
 * marked `head`), with the last few found or made checked first by window identity: window functions
 * hand out the same window objects again, and consecutive elements mostly fall in the same window.
 */
export class WindowIndex<K, Acc> {
  private readonly byStart = new Map<Instant, WindowBucket<K, Acc>>();
  /** The last bucket used, found without a map lookup. */
  private last: WindowBucket<K, Acc> | undefined = undefined;
  /** The buckets found or made last, checked by window identity (a few, overwritten in turn). */
  private readonly recent: WindowBucket<K, Acc>[] = [];
  private recentNext = 0;

  /** The live bucket of `window`, or undefined; the last one used is checked first. */
  find(window: Window): WindowBucket<K, Acc> | undefined {
    // Kept small so that it inlines into the element path: the same window object as last time.
    const last = this.last;
    if (last !== undefined && last.window === window && last.alive) return last;
    return this.findBucket(window);
  }

  /** {@link find}, without the map when `near` is the only bucket of `window`'s start (a session growing at its end). */
  findBeside(near: WindowBucket<K, Acc>, window: Window): WindowBucket<K, Acc> | undefined {
    if (!near.alive || !near.head || near.sibling !== undefined || near.window.start !== window.start) return this.find(window);
    return sameWindow(near.window, window) ? near : undefined;
  }

  private findBucket(window: Window): WindowBucket<K, Acc> | undefined {
    // Window functions hand out the same window objects again (sliding windows: several per element),
    // so the buckets of the last few window objects are checked by identity before the map.
    const recent = this.recent;
    for (let i = 0; i < recent.length; i++) {
      const b = recent[i];
      if (b.window === window && b.alive) return (this.last = b);
    }
    const last = this.last;
    if (last !== undefined && last.alive && sameWindow(last.window, window)) return last;
    let bucket = this.byStart.get(window.start);
    while (bucket !== undefined && bucket.window.end !== window.end) bucket = bucket.sibling;
    if (bucket !== undefined) this.remember(bucket);
    return bucket;
  }

  /** Checks `bucket` first from now on (it was just found or made). */
  remember(bucket: WindowBucket<K, Acc>): void {
    const recent = this.recent;
    if (recent.length < RECENT) recent.push(bucket);
    else recent[this.recentNext] = bucket;
    this.recentNext = (this.recentNext + 1) % RECENT;
    this.last = bucket;
  }

  /** Indexes a bucket by its window's start (after the other buckets of that start). */
  add(bucket: WindowBucket<K, Acc>): void {
    const first = this.byStart.get(bucket.window.start);
    bucket.head = first === undefined;
    if (first !== undefined) {
      bucket.sibling = first.sibling;
      first.sibling = bucket;
    } else {
      this.byStart.set(bucket.window.start, bucket);
    }
  }

  /** Takes a bucket out of the index. */
  delete(bucket: WindowBucket<K, Acc>): void {
    if (this.last === bucket) this.last = undefined;
    const start = bucket.window.start;
    const first = this.byStart.get(start);
    if (first === bucket) {
      if (bucket.sibling !== undefined) this.byStart.set(start, bucket.sibling);
      else this.byStart.delete(start);
      if (bucket.sibling !== undefined) bucket.sibling.head = true;
    } else {
      let b = first;
      while (b !== undefined && b.sibling !== bucket) b = b.sibling;
      if (b !== undefined) b.sibling = bucket.sibling;
    }
  }

  /** Gives a bucket a new window, filed under its start (a window extended at its end stays where it is). */
  move(bucket: WindowBucket<K, Acc>, window: Window): void {
    if (bucket.window.start !== window.start) {
      this.delete(bucket);
      bucket.sibling = undefined;
      bucket.window = window;
      this.add(bucket);
    } else bucket.window = window;
    this.last = bucket;
  }

  /** Every bucket, live or not yet collected. */
  *buckets(): IterableIterator<WindowBucket<K, Acc>> {
    for (const first of this.byStart.values()) {
      for (let b: WindowBucket<K, Acc> | undefined = first; b !== undefined; b = b.sibling) yield b;
    }
  }

  clear(): void {
    this.byStart.clear();
    this.last = undefined;
    this.recent.length = 0;
  }
}
