/**
 * The state of a temporal join, without Observables: the table's versions per key, and the elements
 * waiting for the table's watermark. Flink: `TemporalRowTimeJoinOperator` (a temporal table join on
 * event time); Kafka Streams: a stream-table join over a versioned store.
 */
import { MAX_TIMESTAMP, MIN_TIMESTAMP, type Instant } from '../time.js';
import { MinHeap } from './heap.js';
import { NO_KEY, type JoinKey, type JoinOutput } from './joinTypes.js';

/**
 * Counters of one temporal join, live (read them any time; they are not copies).
 *
 * @category Core
 */
export interface TemporalJoinMetrics {
  /** Elements received from the main (the piped) input. */
  elementsIn: number;
  /** Versions received from the table input. */
  versionsIn: number;
  /** Elements emitted with a version. */
  joined: number;
  /** Elements for whose key the table had no version at their time. */
  unmatched: number;
  /** Elements and versions that arrived beyond the allowed lateness (dead letters `'beyond-allowed-lateness'`). */
  droppedLate: number;
  /** Elements and versions refused under `onError: 'route'` because their key function threw or their key is invalid. */
  badRecords: number;
  /** Main elements waiting for the table's watermark to pass their time. */
  pending: number;
  /** Table versions held: per key the latest at or before the horizon, and every newer one. */
  versions: number;
  /** `pending + versions`: everything the join holds. */
  buffered: number;
}

/** The settings of a {@link TemporalJoiner}, checked by the operator. */
export interface TemporalJoinerConfig<T, V, O> {
  readonly allowedLateness: number;
  readonly key: JoinKey<T>;
  readonly tableKey: JoinKey<V>;
  readonly join: (value: T, version: V | undefined) => O;
  /** Whether an element without a version is emitted (with `undefined`) rather than sent to `unmatched`. */
  readonly emitUnmatched: boolean;
}

/** A main element waiting for the table's watermark, with its key identity (`keyId`). */
export interface Waiting<T> {
  readonly value: T;
  readonly time: Instant;
  readonly id: unknown;
}

/** One key's table versions in a {@link TemporalJoinParts}, in time order. */
export interface VersionsState<V> {
  readonly id: unknown;
  readonly times: readonly number[];
  readonly values: readonly V[];
}

/** The progress of a temporal join: its watermarks, horizon, and the time before which elements have all their versions. */
export interface TemporalJoinProgress {
  readonly watermark: Instant;
  readonly horizon: Instant;
  readonly tableWatermark: Instant;
  /** +Infinity once the table ended. */
  readonly readyBefore: number;
}

/** What a snapshot of a temporal join reads, and a restore writes (see `joinSnapshot.ts`). */
export interface TemporalJoinParts<T, V> {
  readonly kind: 'temporalJoin';
  readonly metrics: TemporalJoinMetrics;
  readonly progress: TemporalJoinProgress;
  /** Every key's versions. */
  versions(): VersionsState<V>[];
  /** The waiting elements in the order they will be emitted (time, then arrival). */
  waiting(): Waiting<T>[];
  /** Sets the progress, the versions and the waiting elements into a join that holds nothing yet. */
  restore(progress: TemporalJoinProgress, versions: readonly VersionsState<V>[], waiting: readonly Waiting<T>[]): void;
}

/** One key's versions, ordered by time (one per time: a later arrival at the same time replaces it). */
interface Versions<V> {
  readonly id: unknown;
  times: number[];
  values: V[];
  /** The time of the second version, when a prune is filed for it: the first goes once the horizon reaches it. */
  pruneAt: number;
}

/** The index of the last time at or before `t` in ascending `times`, or -1. */
function lastAtOrBefore(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * An element at time `t` is joined with its key's table version of the largest time at or before `t`
 * (the one valid at `t`), once no version at or before `t` can still come: when the table's watermark
 * minus the allowed lateness is past `t` (or the table has ended). Until then it waits. A version that
 * arrives behind that point is late (a dead letter), since elements it would have changed were emitted.
 * The join's *horizon* is the smaller watermark minus the allowed lateness: an element behind it is late,
 * and every element emitted later is at or after it, so it is the output watermark, and per key only the
 * latest version at or before it (and every newer one) is kept.
 */
export class TemporalJoiner<T, V, O> {
  readonly metrics: TemporalJoinMetrics = { elementsIn: 0, versionsIn: 0, joined: 0, unmatched: 0, droppedLate: 0, badRecords: 0, pending: 0, versions: 0, buffered: 0 };
  private readonly table = new Map<unknown, Versions<V>>();
  private readonly prunes = new MinHeap<Versions<V>>();
  private readonly waiting = new MinHeap<Waiting<T>>();
  private watermark: Instant = MIN_TIMESTAMP;
  private horizon: Instant = MIN_TIMESTAMP;
  private tableWatermark: Instant = MIN_TIMESTAMP;
  /** Elements before this time have all their versions: the table's watermark minus the lateness, or +infinity once it ended. */
  private readyBefore: number = MIN_TIMESTAMP;

  constructor(
    private readonly config: TemporalJoinerConfig<T, V, O>,
    private readonly out: JoinOutput<O, T | V>,
  ) {}

  /** The output watermark: no element stamped before it will follow. */
  get outputWatermark(): Instant {
    return this.horizon;
  }

  /** A main element. */
  left(value: T, time: Instant): void {
    this.metrics.elementsIn++;
    const id = this.config.key(value, time, this.watermark);
    if (id === NO_KEY) return void this.metrics.badRecords++;
    if (time < this.horizon) return this.late(value, time, this.horizon);
    if (time < this.readyBefore) return this.resolve(value, time, id);
    this.waiting.push(time, { value, time, id });
    this.metrics.pending++;
    this.metrics.buffered++;
  }

  /** A table version. */
  right(value: V, time: Instant): void {
    this.metrics.versionsIn++;
    const id = this.config.tableKey(value, time, this.watermark);
    if (id === NO_KEY) return void this.metrics.badRecords++;
    if (time < this.readyBefore) return this.late(value, time, this.readyBefore);
    let vs = this.table.get(id);
    if (vs === undefined) this.table.set(id, (vs = { id, times: [], values: [], pruneAt: Number.POSITIVE_INFINITY }));
    const { times, values } = vs;
    const n = times.length;
    if (n === 0 || time > times[n - 1]) {
      times.push(time);
      values.push(value);
    } else {
      const i = lastAtOrBefore(times, time);
      if (i >= 0 && times[i] === time) return void (values[i] = value);
      times.splice(i + 1, 0, time);
      values.splice(i + 1, 0, value);
    }
    this.metrics.versions++;
    this.metrics.buffered++;
    // A version at the horizon itself can make the one before it unneeded at once.
    if (times.length >= 2 && times[1] <= this.horizon) this.prune(vs);
    else if (times.length >= 2 && times[1] < vs.pruneAt) {
      vs.pruneAt = times[1];
      this.prunes.push(times[1], vs);
    }
  }

  /** Takes the inputs' watermarks: emits the elements whose versions are now known, and drops versions no longer needed. */
  advanceWatermarks(main: Instant, table: Instant): void {
    const lateness = this.config.allowedLateness;
    if (table > this.tableWatermark) {
      this.tableWatermark = table;
      this.readyBefore = table === MAX_TIMESTAMP ? Number.POSITIVE_INFINITY : table - lateness;
      while (this.waiting.peekKey() < this.readyBefore) {
        const w = this.waiting.pop()!;
        this.metrics.pending--;
        this.metrics.buffered--;
        this.resolve(w.value, w.time, w.id);
      }
    }
    const wm = main < table ? main : table;
    if (wm <= this.watermark) return;
    this.watermark = wm;
    const horizon = wm === MAX_TIMESTAMP ? MAX_TIMESTAMP : Math.max(MIN_TIMESTAMP, wm - lateness);
    if (horizon <= this.horizon) return;
    this.horizon = horizon;
    while (this.prunes.peekKey() <= horizon) {
      const at = this.prunes.peekKey();
      const vs = this.prunes.pop()!;
      // Lazy deletion: an entry filed before an earlier one replaced it.
      if (at === vs.pruneAt) this.prune(vs);
    }
  }

  /** The parts a snapshot reads and a restore writes; `joinSnapshot.ts` takes them, so a pipeline that never snapshots does not bundle that code. */
  snapshotParts(): TemporalJoinParts<T, V> {
    return {
      kind: 'temporalJoin',
      metrics: this.metrics,
      progress: { watermark: this.watermark, horizon: this.horizon, tableWatermark: this.tableWatermark, readyBefore: this.readyBefore },
      versions: () => [...this.table.values()].map((vs) => ({ id: vs.id, times: [...vs.times], values: [...vs.values] })),
      waiting: () => this.waiting.entries().map((e) => e.item),
      restore: (progress, versions, waiting) => {
        ({ watermark: this.watermark, horizon: this.horizon, tableWatermark: this.tableWatermark, readyBefore: this.readyBefore } = progress);
        for (const v of versions) {
          // A prune is always filed for the second version: the first goes once the horizon reaches it.
          const vs: Versions<V> = { id: v.id, times: [...v.times], values: [...v.values], pruneAt: v.times.length >= 2 ? v.times[1] : Number.POSITIVE_INFINITY };
          this.table.set(v.id, vs);
          if (vs.pruneAt !== Number.POSITIVE_INFINITY) this.prunes.push(vs.pruneAt, vs);
        }
        for (const w of waiting) this.waiting.push(w.time, w);
      },
    };
  }

  /** Drops all state. */
  dispose(): void {
    this.table.clear();
    this.prunes.clear();
    this.waiting.clear();
    this.metrics.pending = 0;
    this.metrics.versions = 0;
    this.metrics.buffered = 0;
  }

  private resolve(value: T, time: Instant, id: unknown): void {
    const vs = this.table.get(id);
    const i = vs === undefined ? -1 : lastAtOrBefore(vs.times, time);
    if (i >= 0) {
      this.metrics.joined++;
      return this.out.emit(this.config.join(value, vs!.values[i]), time);
    }
    this.metrics.unmatched++;
    if (this.config.emitUnmatched) this.out.emit(this.config.join(value, undefined), time);
    else this.out.unmatched?.(value, time, this.watermark);
  }

  private late(value: T | V, time: Instant, horizon: Instant): void {
    this.metrics.droppedLate++;
    this.out.late(value, time, this.watermark, horizon);
  }

  /** Drops the versions before the latest one at or before the horizon: no element still to come can need them. */
  private prune(vs: Versions<V>): void {
    const keep = lastAtOrBefore(vs.times, this.horizon);
    if (keep > 0) {
      vs.times.splice(0, keep);
      vs.values.splice(0, keep);
      this.metrics.versions -= keep;
      this.metrics.buffered -= keep;
    }
    vs.pruneAt = vs.times.length >= 2 ? vs.times[1] : Number.POSITIVE_INFINITY;
    if (vs.pruneAt !== Number.POSITIVE_INFINITY) this.prunes.push(vs.pruneAt, vs);
  }
}
