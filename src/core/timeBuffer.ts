/**
 * Values ordered by event time, in parallel arrays (no object per value), dropped from the front: one
 * side of one key of an interval join. Input arrives nearly in time order, so an insertion walks back a
 * few places at most, expired values are a prefix (skipped by moving `head`, the array compacted once
 * half of it is dead), and the values of a time range are found by binary search.
 */
export class TimeBuffer<T> {
  readonly times: number[] = [];
  readonly values: T[] = [];
  /** The index of the first live value; those before it are dropped. */
  head = 0;

  get size(): number {
    return this.times.length - this.head;
  }

  /** The earliest time held, or +Infinity when empty. */
  get first(): number {
    return this.head < this.times.length ? this.times[this.head] : Number.POSITIVE_INFINITY;
  }

  /** Adds a value; after the values of the same time that are held already. */
  add(time: number, value: T): void {
    const times = this.times;
    let i = times.length;
    if (i === this.head || times[i - 1] <= time) {
      times.push(time);
      this.values.push(value);
      return;
    }
    while (i > this.head && times[i - 1] > time) i--;
    times.splice(i, 0, time);
    this.values.splice(i, 0, value);
  }

  /** The index of the first live value at or after `time` (the length when none). */
  from(time: number): number {
    const times = this.times;
    let lo = this.head;
    let hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (times[mid] < time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Drops the values before `time`; returns how many. */
  dropBefore(time: number): number {
    const times = this.times;
    const start = this.head;
    let h = start;
    while (h < times.length && times[h] < time) h++;
    if (h === times.length) {
      times.length = 0;
      this.values.length = 0;
      this.head = 0;
    } else if (h > 64 && h * 2 > times.length) {
      times.splice(0, h);
      this.values.splice(0, h);
      this.head = 0;
    } else {
      this.head = h;
      // Dropped values are released at once, not kept alive until the next compaction.
      for (let i = start; i < h; i++) this.values[i] = undefined as T;
    }
    return h - start;
  }
}
