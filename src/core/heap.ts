/**
 * A binary min-heap ordered by a numeric priority, ties broken by insertion order (so equal times come
 * out in the order they were set, and output does not depend on the heap's shape). Entries are never
 * updated in place: callers push a new entry and recognise stale ones when they come out (lazy
 * deletion), which keeps every operation O(log n).
 */
export class MinHeap<T> {
  private readonly keys: number[] = [];
  private readonly seqs: number[] = [];
  private readonly items: T[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.keys.length;
  }

  /** Adds an entry; returns its sequence number (see {@link peekSeq}). */
  push(key: number, item: T): number {
    return this.pushAs(key, this.nextSeq++, item);
  }

  /** A sequence number for an entry pushed later with {@link pushAs}: it sorts among ties as if pushed now. */
  reserve(): number {
    return this.nextSeq++;
  }

  /** Adds an entry under a sequence number from {@link reserve}; returns it. */
  pushAs(key: number, seq: number, item: T): number {
    const keys = this.keys;
    const seqs = this.seqs;
    const items = this.items;
    let i = keys.length;
    keys.push(key);
    seqs.push(seq);
    items.push(item);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p] < key || (keys[p] === key && seqs[p] < seq)) break;
      keys[i] = keys[p];
      seqs[i] = seqs[p];
      items[i] = items[p];
      i = p;
    }
    keys[i] = key;
    seqs[i] = seq;
    items[i] = item;
    return seq;
  }

  /** The smallest priority, or +Infinity when empty. */
  peekKey(): number {
    return this.keys.length > 0 ? this.keys[0] : Number.POSITIVE_INFINITY;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  /** The sequence number `push` returned for the first entry (entries of one item can be told apart). */
  peekSeq(): number {
    return this.seqs[0];
  }

  pop(): T | undefined {
    const keys = this.keys;
    const n = keys.length;
    if (n === 0) return undefined;
    const top = this.items[0];
    const lastKey = keys.pop() as number;
    const lastSeq = this.seqs.pop() as number;
    const lastItem = this.items.pop() as T;
    if (n > 1) this.siftDown(lastKey, lastSeq, lastItem);
    return top;
  }

  /**
   * Replaces the first entry with one under a sequence number from {@link reserve}: {@link pop} then
   * {@link pushAs} in one pass down the heap (the heap must not be empty). Returns the sequence number.
   */
  replaceFirst(key: number, seq: number, item: T): number {
    this.siftDown(key, seq, item);
    return seq;
  }

  /** Places an entry at the root's place and moves it down to where it sorts. */
  private siftDown(key: number, seq: number, item: T): void {
    const keys = this.keys;
    const seqs = this.seqs;
    const items = this.items;
    const m = keys.length;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= m) break;
      const r = c + 1;
      if (r < m && (keys[r] < keys[c] || (keys[r] === keys[c] && seqs[r] < seqs[c]))) c = r;
      if (keys[c] > key || (keys[c] === key && seqs[c] > seq)) break;
      keys[i] = keys[c];
      seqs[i] = seqs[c];
      items[i] = items[c];
      i = c;
    }
    keys[i] = key;
    seqs[i] = seq;
    items[i] = item;
  }

  /** Every entry in the order they would come out (priority, then insertion), stale ones included. */
  entries(): { key: number; seq: number; item: T }[] {
    return this.keys.map((key, i) => ({ key, seq: this.seqs[i], item: this.items[i] })).sort((a, b) => a.key - b.key || a.seq - b.seq);
  }

  clear(): void {
    this.keys.length = 0;
    this.seqs.length = 0;
    this.items.length = 0;
  }
}
