/**
 * The per-key, per-window reducer: the equivalent of Beam's `ReduceFnRunner` with its watermark holds,
 * pane tracking, lateness rules and trigger runner. Pure: it never touches an Observable or a clock of its
 * own; the operator shell feeds it elements, watermarks and processing-time wake-ups and schedules the
 * wake-ups it asks for.
 */
import type { CombineFn } from '../combiners/combineFn.js';
import { MIN_TIMESTAMP, type Instant } from '../time.js';
import {
  compileTrigger,
  isClosed,
  newTriggerState,
  onElement as triggerOnElement,
  onFire as triggerOnFire,
  shouldFire as triggerShouldFire,
  clear as triggerClear,
  type CompiledTrigger,
  type TriggerNode,
  type TriggerContext,
  type TriggerState,
} from '../triggers/stateMachine.js';
import { describeTrigger } from '../triggers/trigger.js';
import { GLOBAL_WINDOW, type Window } from '../windows/window.js';
import { MinHeap } from './heap.js';
import { describePane, type Pane, type PaneInfo } from './pane.js';
import { garbageCollectionTime, type WindowingStrategy } from './strategy.js';

/** Why an element did not reach a pane. */
export type DropReason = 'beyond-allowed-lateness' | 'window-closed';

/** An element that was dropped, with the window it was dropped from and why. Never silent: see `onDropped`. */
export interface DroppedElement<T> {
  readonly value: T;
  readonly timestamp: Instant;
  readonly window: Window;
  readonly reason: DropReason;
  /** The grouping's input watermark when the element arrived. */
  readonly watermark: Instant;
}

/** Counters of one grouping. */
export interface ReducerMetrics {
  /** Element-window pairs received. */
  elementsIn: number;
  /** Dropped because the window's garbage-collection time had passed (Beam: `droppedDueToLateness`). */
  droppedLate: number;
  /** Dropped because the window's trigger had finished (Beam: `droppedDueToClosedWindow`). */
  droppedClosed: number;
  panesOut: number;
  /** (key, window) pairs holding state right now. */
  openWindows: number;
}

/** What made a pane: an element (or bundle), the watermark, a processing-time timer, or garbage collection. */
export type FiringCause = 'element' | 'watermark' | 'processingTime' | 'garbageCollection';

/** How a pane came about, for explanations and timelines. */
export interface Firing {
  readonly cause: FiringCause;
  readonly inputWatermark: Instant;
  readonly outputWatermark: Instant;
  /** Processing time of the firing (the injected scheduler's clock). */
  readonly processingTime: Instant;
  /**
   * The trigger nodes that were ready to fire, outermost first, as Beam prints them (only when the sink
   * asks with `explain`; empty for garbage collection, which fires without asking the trigger).
   */
  readonly readyTriggers: readonly string[];
}

/** What the reducer emits. */
export interface ReducerSink<K, Out, In> {
  pane(pane: Pane<Out, K>, firing: Firing | undefined): void;
  dropped(drop: DroppedElement<In>): void;
  /** When true, every pane comes with its {@link Firing}. */
  readonly explain?: boolean;
}

/** State of one key in one window. */
class KeyWindow<K, Acc> {
  acc: Acc | undefined = undefined;
  /** Beam's NonEmptyPanes: an element arrived since the last firing. */
  nonEmpty = false;
  previousPane: PaneInfo | undefined = undefined;
  elementHold: Instant | undefined = undefined;
  extraHold: Instant | undefined = undefined;
  alive = true;
  constructor(
    readonly key: K,
    readonly bucket: WindowBucket<K, Acc>,
    readonly trigger: TriggerState,
  ) {}

  hold(): Instant | undefined {
    const e = this.elementHold;
    const x = this.extraHold;
    if (e === undefined) return x;
    if (x === undefined) return e;
    return e < x ? e : x;
  }
}

/** All keys' state for one window, with the window's event-time timer (end of window, then garbage collection). */
class WindowBucket<K, Acc> {
  readonly byKey = new Map<K, KeyWindow<K, Acc>>();
  /** When the next event-time timer is due: the end of the window, then its garbage-collection time. */
  timer: Instant;
  alive = true;
  /** Another bucket with the same start but a different end (only with unusual window functions). */
  sibling: WindowBucket<K, Acc> | undefined = undefined;
  constructor(
    readonly window: Window,
    readonly gcTime: Instant,
    inputWatermark: Instant,
  ) {
    this.timer = window.maxTimestamp < inputWatermark ? gcTime : window.maxTimestamp;
  }
}

/** Configuration of a reducer. */
export interface ReducerConfig<In, K, Acc, Out> {
  readonly strategy: WindowingStrategy;
  readonly key: (value: In) => K;
  readonly combineFn: CombineFn<In, Acc, Out>;
  /** Current processing time (the injected scheduler's `now`). */
  readonly now: () => Instant;
}

/** The reusable trigger context; `now` is read lazily because only processing-time triggers need it. */
class Context implements TriggerContext {
  window: Window = GLOBAL_WINDOW;
  inputWatermark: Instant = MIN_TIMESTAMP;
  isMerging = false;
  state!: TriggerState;
  constructor(
    private readonly clock: () => Instant,
    private readonly onTimer: (at: Instant) => void,
  ) {}
  get now(): Instant {
    return this.clock();
  }
  setProcessingTimer(at: Instant): void {
    this.onTimer(at);
  }
}

/**
 * Groups values per key and window and emits panes as the strategy's trigger fires.
 * Beam: `GroupByKey` / `Combine.perKey` as run by `ReduceFnRunner`.
 */
export class Reducer<In, K, Acc, Out> {
  readonly metrics: ReducerMetrics = { elementsIn: 0, droppedLate: 0, droppedClosed: 0, panesOut: 0, openWindows: 0 };
  private inputWm: Instant = MIN_TIMESTAMP;
  private outputWm: Instant = MIN_TIMESTAMP;
  private readonly buckets = new Map<Instant, WindowBucket<K, Acc>>();
  private readonly eventTimers = new MinHeap<WindowBucket<K, Acc>>();
  private readonly holds = new MinHeap<KeyWindow<K, Acc>>();
  private readonly processingTimers = new MinHeap<KeyWindow<K, Acc>>();
  private readonly compiled: CompiledTrigger;
  private readonly ctx: Context;
  private readonly strategy: WindowingStrategy;
  private readonly keyOf: (value: In) => K;
  private readonly fn: CombineFn<In, Acc, Out>;
  private readonly discarding: boolean;
  private current: KeyWindow<K, Acc> | undefined;
  private readonly touched: KeyWindow<K, Acc>[] = [];

  constructor(
    config: ReducerConfig<In, K, Acc, Out>,
    private readonly sink: ReducerSink<K, Out, In>,
  ) {
    this.strategy = config.strategy;
    this.keyOf = config.key;
    this.fn = config.combineFn;
    this.discarding = config.strategy.accumulation === 'discarding';
    this.compiled = compileTrigger(config.strategy.trigger);
    this.ctx = new Context(config.now, (at) => {
      if (this.current) this.processingTimers.push(at, this.current);
    });
    if (config.strategy.windowFn?.isMerging) {
      throw new TypeError(`${config.strategy.windowFn.description}: merging windows are not supported by this grouping yet`);
    }
  }

  /** The input watermark seen so far. */
  get inputWatermark(): Instant {
    return this.inputWm;
  }

  /** The output watermark: the input watermark held back by pending panes and timers. Never decreases. */
  get outputWatermark(): Instant {
    return this.outputWm;
  }

  /** The earliest processing time at which a trigger wants to be asked again, or +Infinity. */
  nextProcessingTimer(): Instant {
    const heap = this.processingTimers;
    while (heap.size > 0 && !heap.peek()!.alive) heap.pop();
    return heap.peekKey();
  }

  /** Processes one element as a bundle of its own. */
  processElement(value: In, timestamp: Instant, windows?: readonly Window[]): void {
    this.addToPanes(value, timestamp, windows);
    this.fireTouched();
  }

  /** True when some trigger waits for processing time. */
  get hasProcessingTimers(): boolean {
    return this.processingTimers.size > 0;
  }

  /** Processes several elements as one bundle: triggers are asked once per window after all of them. */
  processBundle(elements: readonly { value: In; timestamp: Instant; windows?: readonly Window[] }[]): void {
    for (const e of elements) this.addToPanes(e.value, e.timestamp, e.windows);
    this.fireTouched();
  }

  private addToPanes(value: In, timestamp: Instant, carried: readonly Window[] | undefined): void {
    const strategy = this.strategy;
    const windows = strategy.windowFn !== undefined ? strategy.windowFn.assign(timestamp) : (carried ?? GLOBAL_ONLY);
    const key = this.keyOf(value);
    const inputWm = this.inputWm;
    for (let i = 0; i < windows.length; i++) {
      const window = windows[i];
      this.metrics.elementsIn++;
      const gcTime = garbageCollectionTime(window, strategy.allowedLateness);
      if (gcTime < inputWm) {
        this.drop(value, timestamp, window, 'beyond-allowed-lateness');
        continue;
      }
      const kw = this.stateFor(key, window, gcTime);
      if (isClosed(this.compiled, kw.trigger)) {
        this.drop(value, timestamp, window, 'window-closed');
        continue;
      }
      kw.nonEmpty = true;
      this.addHolds(kw, timestamp);
      kw.acc = this.fn.addInput(kw.acc === undefined ? this.fn.createAccumulator() : kw.acc, value);
      const ctx = this.context(kw);
      triggerOnElement(this.compiled.root, ctx);
      this.current = undefined;
      if (this.touched.length === 0 || this.touched[this.touched.length - 1] !== kw) this.touched.push(kw);
    }
  }

  private fireTouched(): void {
    const touched = this.touched;
    let fired = false;
    for (let i = 0; i < touched.length; i++) {
      const kw = touched[i];
      // A window in a bundle twice is asked once.
      if (i > 0 && touched.indexOf(kw) !== i) continue;
      if (kw.alive && !isClosed(this.compiled, kw.trigger) && triggerShouldFire(this.compiled.root, this.context(kw))) {
        this.current = undefined;
        this.emit(kw, 'element');
        fired = true;
      }
      this.current = undefined;
    }
    touched.length = 0;
    // A firing releases holds, which may let the output watermark move on.
    if (fired) this.refreshOutputWatermark();
  }

  private drop(value: In, timestamp: Instant, window: Window, reason: DropReason): void {
    if (reason === 'window-closed') this.metrics.droppedClosed++;
    else this.metrics.droppedLate++;
    this.sink.dropped({ value, timestamp, window, reason, watermark: this.inputWm });
  }

  private stateFor(key: K, window: Window, gcTime: Instant): KeyWindow<K, Acc> {
    let bucket = this.buckets.get(window.start);
    while (bucket !== undefined && bucket.window.end !== window.end) bucket = bucket.sibling;
    if (bucket === undefined) {
      bucket = new WindowBucket<K, Acc>(window, gcTime, this.inputWm);
      const first = this.buckets.get(window.start);
      if (first !== undefined) {
        bucket.sibling = first.sibling;
        first.sibling = bucket;
      } else {
        this.buckets.set(window.start, bucket);
      }
      this.eventTimers.push(bucket.timer, bucket);
    }
    let kw = bucket.byKey.get(key);
    if (kw === undefined) {
      kw = new KeyWindow<K, Acc>(key, bucket, newTriggerState(this.compiled));
      bucket.byKey.set(key, kw);
      this.metrics.openWindows++;
    }
    return kw;
  }

  private context(kw: KeyWindow<K, Acc>): Context {
    const ctx = this.ctx;
    ctx.window = kw.bucket.window;
    ctx.inputWatermark = this.inputWm;
    ctx.state = kw.trigger;
    this.current = kw;
    return ctx;
  }

  /** Beam's `WatermarkHold.addHolds`: an element hold if the element can still be on time, else a garbage-collection hold. */
  private addHolds(kw: KeyWindow<K, Acc>, timestamp: Instant): void {
    const window = kw.bucket.window;
    const before = kw.hold();
    const combiner = this.strategy.timestampCombiner;
    const h = combiner === 'endOfWindow' ? window.maxTimestamp : timestamp;
    if (!(h < this.outputWm) && !(window.maxTimestamp < this.inputWm)) {
      const e = kw.elementHold;
      if (e === undefined) kw.elementHold = h;
      else if (combiner === 'latest') kw.elementHold = h > e ? h : e;
      else kw.elementHold = h < e ? h : e;
    } else {
      this.addGcHold(kw);
    }
    const after = kw.hold();
    if (after !== undefined && after !== before) this.holds.push(after, kw);
  }

  private addGcHold(kw: KeyWindow<K, Acc>): void {
    if (this.strategy.allowedLateness <= 0) return;
    const gc = kw.bucket.gcTime;
    if (gc < this.inputWm) return;
    kw.extraHold = kw.extraHold === undefined || gc < kw.extraHold ? gc : kw.extraHold;
  }

  /** Fires the trigger of one window and emits its pane (Beam: `ReduceFnRunner.emit`). */
  private emit(kw: KeyWindow<K, Acc>, cause: FiringCause): void {
    const ready = this.sink.explain ? readyTriggers(this.compiled.root, this.context(kw)) : NONE;
    const ctx = this.context(kw);
    triggerOnFire(this.compiled.root, ctx);
    this.current = undefined;
    const finished = isClosed(this.compiled, kw.trigger);
    this.onTrigger(kw, finished, cause, ready);
    kw.nonEmpty = false;
    if (finished || this.discarding) kw.acc = undefined;
    if (finished) {
      // Only the finished bits are kept, so that later elements are dropped until garbage collection.
      triggerClear(this.compiled.root, this.context(kw));
      this.current = undefined;
      kw.previousPane = undefined;
    }
  }

  /** Builds and maybe outputs a pane (Beam: `ReduceFnRunner.onTrigger`). */
  private onTrigger(kw: KeyWindow<K, Acc>, isFinal: boolean, cause: FiringCause, ready: readonly string[]): void {
    const window = kw.bucket.window;
    const held = kw.hold();
    const timestamp = held === undefined || held > window.maxTimestamp ? window.maxTimestamp : held;
    kw.elementHold = undefined;
    kw.extraHold = undefined;
    if (!isFinal && this.strategy.closingBehavior === 'fireAlways') {
      this.addGcHold(kw);
      const h = kw.hold();
      if (h !== undefined) this.holds.push(h, kw);
    }
    const isEmpty = !kw.nonEmpty;
    const s = this.strategy;
    if (isEmpty && s.closingBehavior === 'fireIfNonEmpty' && s.onTimeBehavior === 'fireIfNonEmpty') return;
    const pane = describePane(kw.previousPane, isFinal, window.maxTimestamp, this.inputWm, this.outputWm);
    const emitPane =
      !isEmpty || (pane.timing === 'ON_TIME' && s.onTimeBehavior === 'fireAlways') || (isFinal && s.closingBehavior === 'fireAlways');
    if (!emitPane) return;
    kw.previousPane = pane;
    const fn = this.fn;
    const value = fn.extractOutput(kw.acc === undefined ? fn.createAccumulator() : kw.acc);
    if (!this.discarding && !isFinal && kw.acc !== undefined && fn.compact) kw.acc = fn.compact(kw.acc);
    this.metrics.panesOut++;
    const firing: Firing | undefined = this.sink.explain
      ? { cause, inputWatermark: this.inputWm, outputWatermark: this.outputWm, processingTime: this.ctx.now, readyTriggers: ready }
      : undefined;
    this.sink.pane({ key: kw.key, window, value, pane, timestamp }, firing);
  }

  /**
   * Advances the input watermark and runs every end-of-window and garbage-collection timer it passes.
   * A watermark that does not move forward is ignored.
   */
  advanceWatermark(watermark: Instant): void {
    if (!(watermark > this.inputWm)) return;
    this.inputWm = watermark;
    // Refresh the output watermark as a runner would before delivering timers: the timers about to
    // fire still hold it, so a pane they produce sees the output watermark at or before its window.
    this.refreshOutputWatermark();
    const timers = this.eventTimers;
    while (timers.size > 0 && timers.peekKey() < watermark) {
      const due = timers.peekKey();
      const bucket = timers.pop()!;
      if (!bucket.alive || bucket.timer !== due) continue;
      this.onBucketTimer(bucket);
    }
    this.refreshOutputWatermark();
  }

  private onBucketTimer(bucket: WindowBucket<K, Acc>): void {
    const isGc = this.inputWm > bucket.gcTime;
    for (const kw of bucket.byKey.values()) {
      const open = !isClosed(this.compiled, kw.trigger);
      if (isGc) {
        if (open) this.onTrigger(kw, true, 'garbageCollection', NONE);
        this.release(kw);
      } else if (open && triggerShouldFire(this.compiled.root, this.context(kw))) {
        this.current = undefined;
        this.emit(kw, 'watermark');
      }
      this.current = undefined;
    }
    if (isGc) {
      this.removeBucket(bucket);
    } else {
      bucket.timer = bucket.gcTime;
      this.eventTimers.push(bucket.gcTime, bucket);
    }
  }

  private release(kw: KeyWindow<K, Acc>): void {
    kw.alive = false;
    kw.acc = undefined;
    kw.elementHold = undefined;
    kw.extraHold = undefined;
    this.metrics.openWindows--;
  }

  private removeBucket(bucket: WindowBucket<K, Acc>): void {
    bucket.alive = false;
    bucket.byKey.clear();
    const start = bucket.window.start;
    const first = this.buckets.get(start);
    if (first === bucket) {
      if (bucket.sibling !== undefined) this.buckets.set(start, bucket.sibling);
      else this.buckets.delete(start);
    } else {
      let b = first;
      while (b !== undefined && b.sibling !== bucket) b = b.sibling;
      if (b !== undefined) b.sibling = bucket.sibling;
    }
  }

  private refreshOutputWatermark(): void {
    let t = this.inputWm;
    const timers = this.eventTimers;
    while (timers.size > 0 && (!timers.peek()!.alive || timers.peek()!.timer !== timers.peekKey())) timers.pop();
    if (timers.peekKey() < t) t = timers.peekKey();
    const holds = this.holds;
    while (holds.size > 0 && (!holds.peek()!.alive || holds.peek()!.hold() !== holds.peekKey())) holds.pop();
    if (holds.peekKey() < t) t = holds.peekKey();
    if (t > this.outputWm) this.outputWm = t;
  }

  /** Runs the processing-time timers due at the current processing time (strictly before `now`). */
  advanceProcessingTime(): void {
    const now = this.ctx.now;
    const heap = this.processingTimers;
    const due: KeyWindow<K, Acc>[] = [];
    while (heap.size > 0 && heap.peekKey() < now) {
      const kw = heap.pop()!;
      if (kw.alive && !due.includes(kw)) due.push(kw);
    }
    for (const kw of due) {
      if (kw.alive && !isClosed(this.compiled, kw.trigger) && triggerShouldFire(this.compiled.root, this.context(kw))) {
        this.current = undefined;
        this.emit(kw, 'processingTime');
      }
      this.current = undefined;
    }
    this.refreshOutputWatermark();
  }

  /** Drops all state and timers. */
  dispose(): void {
    for (const first of this.buckets.values()) {
      for (let b: WindowBucket<K, Acc> | undefined = first; b !== undefined; b = b.sibling) {
        for (const kw of b.byKey.values()) this.release(kw);
        b.alive = false;
        b.byKey.clear();
      }
    }
    this.buckets.clear();
    this.eventTimers.clear();
    this.holds.clear();
    this.processingTimers.clear();
  }
}

const GLOBAL_ONLY: readonly Window[] = Object.freeze([GLOBAL_WINDOW]);
const NONE: readonly string[] = Object.freeze([]);

/** The nodes of a trigger tree that would fire now, outermost first. */
function readyTriggers(root: TriggerNode, ctx: TriggerContext): string[] {
  const out: string[] = [];
  const visit = (n: TriggerNode) => {
    if (ctx.state.finished[n.index]) return;
    if (triggerShouldFire(n, ctx)) out.push(describeTrigger(n.trigger));
    n.subs.forEach(visit);
  };
  visit(root);
  return out;
}
