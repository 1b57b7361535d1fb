import { requireFunction, requirePositiveInteger } from '../internal/checks.js';
import { MAX_TIMESTAMP, MIN_TIMESTAMP, describeValue, isValidEventTime, type Duration, type Instant } from '../time.js';
import { DEFAULT_KEY_GROUPS, keyGroupOf, requireKeyGroups } from './keyGroups.js';
import { encodeBatch, encodeMarker } from './wireFormat.js';

/**
 * How a producer splits events into key groups, batches and watermark markers. Runtime-neutral: the
 * NATS producer publishes what it emits, and the specs feed it to pipelines in memory.
 *
 * @category Scale-out
 */
export interface BatchingOptions<T> {
  /** The grouping key, the same function the pipeline's `combinePerKey` uses. */
  readonly key: (value: T) => unknown;
  /** The event time of a value, in epoch ms. */
  readonly eventTime: (value: T) => Instant;
  /** How many key groups (default {@link DEFAULT_KEY_GROUPS}); every worker must use the same number. */
  readonly keyGroups?: number | undefined;
  /** Events per message of one key group (default 500): the broker's cost is per message. */
  readonly batchSize?: number | undefined;
  /** Send a watermark marker after this many events (default 10 000); `mark()` sends one at any time. */
  readonly markerEvery?: number | undefined;
  /** The marker's watermark trails the largest event time by this many ms (default 0), as `assignEventTime`'s `watermark`. */
  readonly watermark?: Duration | undefined;
}

/** Receives a message for one key group's subject; `n` is the key group's message number from 1. */
export type BatchEmit = (keyGroup: number, n: number, body: string) => void;

/** Checks the options once, naming `op` in the error. */
export function validateBatching<T>(op: string, options: BatchingOptions<T>): void {
  requireFunction(op, 'key', options.key);
  requireFunction(op, 'eventTime', options.eventTime);
  if (options.keyGroups !== undefined) requireKeyGroups(op, 'keyGroups', options.keyGroups);
  if (options.batchSize !== undefined) requirePositiveInteger(op, 'batchSize', options.batchSize);
  if (options.markerEvery !== undefined) requirePositiveInteger(op, 'markerEvery', options.markerEvery);
  const wm = options.watermark;
  if (wm !== undefined && !(typeof wm === 'number' && Number.isFinite(wm) && wm >= 0)) {
    throw new RangeError(`${op}: watermark must be a non-negative finite number of ms (the allowed out-of-orderness), got ${describeValue(wm)}`);
  }
}

/**
 * Splits events into per-key-group batches and broadcasts watermark markers to every key group, so that
 * each key group reads its own events and every marker in the order one process would have seen them:
 * before a marker goes out, every pending batch is emitted. The output depends only on the sequence of
 * calls, so a re-run emits the same messages with the same numbers (and the same `Nats-Msg-Id`s).
 *
 * @category Scale-out
 */
export class KeyGroupBatcher<T> {
  readonly keyGroups: number;
  private readonly batchSize: number;
  private readonly markerEvery: number;
  private readonly outOfOrderness: Duration;
  private readonly pending: (readonly [Instant, T])[][];
  private readonly numbers: number[];
  private sinceMarker = 0;
  private maxEventTime = MIN_TIMESTAMP;
  private sent = MIN_TIMESTAMP;

  constructor(
    private readonly op: string,
    private readonly options: BatchingOptions<T>,
    private readonly emit: BatchEmit,
  ) {
    validateBatching(op, options);
    this.keyGroups = options.keyGroups ?? DEFAULT_KEY_GROUPS;
    this.batchSize = options.batchSize ?? 500;
    this.markerEvery = options.markerEvery ?? 10_000;
    this.outOfOrderness = options.watermark ?? 0;
    this.pending = Array.from({ length: this.keyGroups }, () => []);
    this.numbers = new Array<number>(this.keyGroups).fill(0);
  }

  /** The last watermark broadcast. */
  get watermark(): Instant {
    return this.sent;
  }

  /** Adds one event; throws a TypeError naming the rule for an invalid event time or key. */
  add(value: T): void {
    const t = this.options.eventTime(value);
    if (!isValidEventTime(t)) {
      throw new TypeError(`${this.op}: event time must be a finite number of epoch ms within ±8.64e15, got ${describeValue(t)}`);
    }
    const time = Math.floor(t);
    const kg = keyGroupOf(this.options.key(value), this.keyGroups);
    const batch = this.pending[kg]!;
    batch.push([time, value]);
    if (batch.length >= this.batchSize) this.emitBatch(kg);
    if (time > this.maxEventTime) this.maxEventTime = time;
    if (++this.sinceMarker >= this.markerEvery) this.mark();
  }

  /**
   * Broadcasts a watermark marker: `watermark` if given, else the largest event time minus the allowed
   * out-of-orderness. A marker that would not move the watermark forward is not sent.
   */
  mark(watermark?: Instant): void {
    this.sinceMarker = 0;
    const w = watermark ?? (this.maxEventTime === MIN_TIMESTAMP ? MIN_TIMESTAMP : Math.max(MIN_TIMESTAMP, this.maxEventTime - this.outOfOrderness));
    if (!(typeof w === 'number' && w >= MIN_TIMESTAMP && w <= MAX_TIMESTAMP)) {
      throw new RangeError(`${this.op}: a watermark must be a number of epoch ms within ±8.64e15, got ${describeValue(w)}`);
    }
    if (w <= this.sent) return;
    this.broadcast(w, false);
  }

  /** Broadcasts an idle mark (the source has nothing to send for now; Flink's idle watermark status). */
  idle(): void {
    this.broadcast(this.sent, true);
  }

  /** Emits every pending batch. */
  flush(): void {
    for (let kg = 0; kg < this.keyGroups; kg++) if (this.pending[kg]!.length > 0) this.emitBatch(kg);
  }

  /** The input is complete: the watermark goes to +infinity in every key group, as when a bounded source completes. */
  finish(): void {
    this.mark(MAX_TIMESTAMP);
  }

  private broadcast(w: Instant, idle: boolean): void {
    this.flush();
    this.sent = w;
    for (let kg = 0; kg < this.keyGroups; kg++) this.emit(kg, ++this.numbers[kg]!, encodeMarker(this.numbers[kg]!, w, idle));
  }

  private emitBatch(kg: number): void {
    const batch = this.pending[kg]!;
    this.pending[kg] = [];
    this.emit(kg, ++this.numbers[kg]!, encodeBatch(this.numbers[kg]!, batch));
  }
}
