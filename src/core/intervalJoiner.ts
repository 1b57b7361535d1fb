/**
 * The state of an interval join, without Observables: elements of both sides buffered per key, matched
 * as they arrive, and dropped once the watermark says nothing can match them any more. Flink:
 * `IntervalJoinOperator`.
 */
import { MAX_TIMESTAMP, MIN_TIMESTAMP, type Instant } from '../time.js';
import { MinHeap } from './heap.js';
import { NO_KEY, type JoinKey, type JoinOutput } from './joinTypes.js';
import { TimeBuffer } from './timeBuffer.js';

/**
 * Counters of one interval join, live (read them any time; they are not copies).
 *
 * @category Core
 */
export interface IntervalJoinMetrics {
  /** Elements received from the left (the piped) input. */
  leftIn: number;
  /** Elements received from the right (the other) input. */
  rightIn: number;
  /** Pairs emitted. */
  joined: number;
  /** Elements that arrived behind the join's watermark minus the allowed lateness (dead letters `'beyond-allowed-lateness'`). */
  droppedLate: number;
  /** Elements refused under `onError: 'route'` because their key function threw or their key is invalid. */
  badRecords: number;
  /** Elements held right now, both sides together: bounded by what the watermark still lets match. */
  buffered: number;
}

/** The settings of an {@link IntervalJoiner}, checked by the operator. */
export interface IntervalJoinerConfig<L, R, O> {
  readonly lowerBound: number;
  readonly upperBound: number;
  readonly allowedLateness: number;
  readonly leftKey: JoinKey<L>;
  readonly rightKey: JoinKey<R>;
  readonly join: (left: L, right: R) => O;
}

/** Values with their times, in time order: one side of one key, as a snapshot reads and a restore writes it. */
export interface TimedValues<T> {
  readonly times: readonly number[];
  readonly values: readonly T[];
}

/** One key's buffered elements in an {@link IntervalJoinParts}: its key identity (`keyId`) and both sides. */
export interface IntervalJoinKeyState<L, R> {
  readonly id: unknown;
  readonly left: TimedValues<L>;
  readonly right: TimedValues<R>;
}

/** What a snapshot of an interval join reads, and a restore writes (see `joinSnapshot.ts`). */
export interface IntervalJoinParts<L, R> {
  readonly kind: 'intervalJoin';
  readonly metrics: IntervalJoinMetrics;
  readonly watermark: Instant;
  readonly horizon: Instant;
  /** Every key's live elements. */
  keys(): IntervalJoinKeyState<L, R>[];
  /** Sets the watermark, the horizon and the keys' elements into a join that holds nothing yet. */
  restore(watermark: Instant, horizon: Instant, keys: readonly IntervalJoinKeyState<L, R>[]): void;
}

/** One key's buffered elements, and the earliest expiry a clean-up is filed for. */
interface KeyBuffers<L, R> {
  readonly id: unknown;
  readonly left: TimeBuffer<L>;
  readonly right: TimeBuffer<R>;
  cleanAt: number;
}

/**
 * Left element `a` and right element `b` of one key match when `b.time ∈ [a.time + lowerBound,
 * a.time + upperBound]` (bounds inclusive); the pair is stamped `max(a.time, b.time)`. The join's
 * watermark is the smaller of the inputs' watermarks; its *horizon* is that watermark minus the allowed
 * lateness: an element before the horizon is late (a dead letter), every element kept is at or after it,
 * so every pair still to come is stamped at or after it, and the horizon is the output watermark. A left
 * element can meet right elements up to `time + upperBound`, a right one left elements down to
 * `time - lowerBound`: each is dropped when that bound falls behind the horizon.
 */
export class IntervalJoiner<L, R, O> {
  readonly metrics: IntervalJoinMetrics = { leftIn: 0, rightIn: 0, joined: 0, droppedLate: 0, badRecords: 0, buffered: 0 };
  private readonly byKey = new Map<unknown, KeyBuffers<L, R>>();
  private readonly cleanups = new MinHeap<KeyBuffers<L, R>>();
  private horizon: Instant = MIN_TIMESTAMP;
  private watermark: Instant = MIN_TIMESTAMP;

  constructor(
    private readonly config: IntervalJoinerConfig<L, R, O>,
    private readonly out: JoinOutput<O, L | R>,
  ) {}

  /** The output watermark: no pair stamped before it will follow. */
  get outputWatermark(): Instant {
    return this.horizon;
  }

  /** The join's input watermark (the smaller of the two). */
  get inputWatermark(): Instant {
    return this.watermark;
  }

  left(value: L, time: Instant): void {
    this.metrics.leftIn++;
    const { lowerBound, upperBound } = this.config;
    const id = this.config.leftKey(value, time, this.watermark);
    if (id === NO_KEY) return void this.metrics.badRecords++;
    if (time < this.horizon) return this.late(value, time);
    const b = this.byKey.get(id);
    if (b !== undefined && b.right.size > 0) {
      const { times, values } = b.right;
      const to = time + upperBound;
      for (let i = b.right.from(time + lowerBound); i < times.length && times[i] <= to; i++) {
        const t = times[i];
        this.emit(this.config.join(value, values[i]), t > time ? t : time);
      }
    }
    const expiry = time + upperBound;
    if (expiry < this.horizon) return;
    const buffers = b ?? this.open(id);
    buffers.left.add(time, value);
    this.held(buffers, expiry);
  }

  right(value: R, time: Instant): void {
    this.metrics.rightIn++;
    const { lowerBound, upperBound } = this.config;
    const id = this.config.rightKey(value, time, this.watermark);
    if (id === NO_KEY) return void this.metrics.badRecords++;
    if (time < this.horizon) return this.late(value, time);
    const b = this.byKey.get(id);
    if (b !== undefined && b.left.size > 0) {
      const { times, values } = b.left;
      const to = time - lowerBound;
      for (let i = b.left.from(time - upperBound); i < times.length && times[i] <= to; i++) {
        const t = times[i];
        this.emit(this.config.join(values[i], value), t > time ? t : time);
      }
    }
    const expiry = time - lowerBound;
    if (expiry < this.horizon) return;
    const buffers = b ?? this.open(id);
    buffers.right.add(time, value);
    this.held(buffers, expiry);
  }

  /** Takes the inputs' watermarks; drops what can no longer match. */
  advanceWatermarks(left: Instant, right: Instant): void {
    const wm = left < right ? left : right;
    if (wm <= this.watermark) return;
    this.watermark = wm;
    const horizon = wm === MAX_TIMESTAMP ? MAX_TIMESTAMP : Math.max(MIN_TIMESTAMP, wm - this.config.allowedLateness);
    if (horizon <= this.horizon) return;
    this.horizon = horizon;
    while (this.cleanups.peekKey() < horizon) {
      const at = this.cleanups.peekKey();
      const b = this.cleanups.pop()!;
      // Lazy deletion: an entry filed before an earlier one replaced it, or for a bucket already gone.
      if (at === b.cleanAt) this.clean(b);
    }
  }

  /** The parts a snapshot reads and a restore writes; `joinSnapshot.ts` takes them, so a pipeline that never snapshots does not bundle that code. */
  snapshotParts(): IntervalJoinParts<L, R> {
    const live = <T,>(b: TimeBuffer<T>): TimedValues<T> => ({ times: b.times.slice(b.head), values: b.values.slice(b.head) });
    return {
      kind: 'intervalJoin',
      metrics: this.metrics,
      watermark: this.watermark,
      horizon: this.horizon,
      keys: () => [...this.byKey.values()].map((b) => ({ id: b.id, left: live(b.left), right: live(b.right) })),
      restore: (watermark, horizon, keys) => {
        this.watermark = watermark;
        this.horizon = horizon;
        const { lowerBound, upperBound } = this.config;
        for (const k of keys) {
          const b = this.open(k.id);
          k.left.times.forEach((t, i) => b.left.add(t, k.left.values[i]));
          k.right.times.forEach((t, i) => b.right.add(t, k.right.values[i]));
          // As after a clean-up: the next one is due when the earliest element of either side expires.
          b.cleanAt = Math.min(b.left.first + upperBound, b.right.first - lowerBound);
          if (b.cleanAt === Number.POSITIVE_INFINITY) this.byKey.delete(k.id);
          else this.cleanups.push(b.cleanAt, b);
        }
      },
    };
  }

  /** Drops all state. */
  dispose(): void {
    this.byKey.clear();
    this.cleanups.clear();
    this.metrics.buffered = 0;
  }

  private emit(value: O, timestamp: Instant): void {
    this.metrics.joined++;
    this.out.emit(value, timestamp);
  }

  private late(value: L | R, time: Instant): void {
    this.metrics.droppedLate++;
    this.out.late(value, time, this.watermark, this.horizon);
  }

  private open(id: unknown): KeyBuffers<L, R> {
    const b: KeyBuffers<L, R> = { id, left: new TimeBuffer<L>(), right: new TimeBuffer<R>(), cleanAt: Number.POSITIVE_INFINITY };
    this.byKey.set(id, b);
    return b;
  }

  private held(b: KeyBuffers<L, R>, expiry: number): void {
    this.metrics.buffered++;
    if (expiry < b.cleanAt) {
      b.cleanAt = expiry;
      this.cleanups.push(expiry, b);
    }
  }

  private clean(b: KeyBuffers<L, R>): void {
    const { lowerBound, upperBound } = this.config;
    const horizon = this.horizon;
    // A left element expires when time + upperBound is behind the horizon, a right one when time - lowerBound is.
    this.metrics.buffered -= b.left.dropBefore(horizon - upperBound) + b.right.dropBefore(horizon + lowerBound);
    const left = b.left.first + upperBound;
    const right = b.right.first - lowerBound;
    const next = left < right ? left : right;
    b.cleanAt = next;
    if (next === Number.POSITIVE_INFINITY) this.byKey.delete(b.id);
    else this.cleanups.push(next, b);
  }
}
