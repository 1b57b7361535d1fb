/**
 * The queue of a reducer's processing-time timers: entries by time, ties in the order they were set,
 * exactly as one `MinHeap` gives them. Timers are mostly set in time order (a fixed delay after a clock
 * that never goes back), so those go to a first-in-first-out run, which costs O(1) per entry; a timer
 * earlier than the run's last (an aligned or shorter delay, a merge) goes to a heap beside it, and the
 * two are merged as entries come out.
 */
import { MinHeap } from './heap.js';

/** A min-queue by time with `MinHeap`'s order and the part of its interface the reducer uses. */
export class TimerQueue<T> {
  private readonly heap = new MinHeap<T>();
  /**
   * The in-order run: times that never decrease, read from `head`. An entry goes to the heap only when
   * it is earlier than the run's last, which cannot come out before it: so at equal times, the run's
   * entry was always set first.
   */
  private readonly keys: number[] = [];
  private readonly items: (T | undefined)[] = [];
  private head = 0;

  /** @param plain keep every entry in the heap (`ReducerConfig.plainPaths`). */
  constructor(private readonly plain = false) {}

  get size(): number {
    return this.heap.size + this.keys.length - this.head;
  }

  /** Adds an entry. */
  push(key: number, item: T): void {
    const keys = this.keys;
    const n = keys.length;
    // For speed: an entry not earlier than the run's last goes after it, in O(1); the plain path keeps
    // everything in the heap, which orders the entries the same way.
    if (!this.plain && (n === this.head || key >= keys[n - 1])) {
      keys.push(key);
      this.items.push(item);
    } else {
      this.heap.push(key, item);
    }
  }

  /** The smallest time, or +Infinity when empty. */
  peekKey(): number {
    return this.fromRun() ? this.keys[this.head] : this.heap.peekKey();
  }

  /** The entry that comes out next. */
  peek(): T | undefined {
    return this.fromRun() ? this.items[this.head] : this.heap.peek();
  }

  /** Takes out the entry with the smallest time (the first set among equal times). */
  pop(): T | undefined {
    if (!this.fromRun()) return this.heap.pop();
    const head = this.head++;
    const item = this.items[head];
    // The state goes with its entry, not when the run is next cut.
    this.items[head] = undefined;
    if (this.head >= 1024 && this.head * 2 >= this.keys.length) this.cut();
    return item;
  }

  /** Every entry in the order they would come out (a stable sort keeps the run's first at equal times). */
  entries(): { key: number; item: T }[] {
    const run = this.keys.slice(this.head).map((key, i) => ({ key, item: this.items[this.head + i] as T }));
    return run.concat(this.heap.entries()).sort((a, b) => a.key - b.key);
  }

  clear(): void {
    this.heap.clear();
    this.head = this.keys.length;
    this.cut();
  }

  /** True when the next entry is the run's: it is not empty, and its head is not after the heap's top. */
  private fromRun(): boolean {
    return this.head < this.keys.length && this.keys[this.head] <= this.heap.peekKey();
  }

  /** Drops the entries read from the run. */
  private cut(): void {
    // `splice` moves the rest in one block; `copyWithin` goes element by element (about 6x slower here).
    this.keys.splice(0, this.head);
    this.items.splice(0, this.head);
    this.head = 0;
  }
}
