/**
 * The per-key, per-window reducer: the equivalent of Beam's `ReduceFnRunner`. It runs the element path
 * and the timers, and composes one collaborator per concept, each in its own file: the state of every
 * key and window and its event-time timers (`WindowStore`, windowStore.ts), watermark holds and the
 * output watermark (`WatermarkHolds`, holds.ts), the trigger and its processing-time timers
 * (`TriggerRunner`, triggerRunner.ts), pane building and output (`PaneTracker`, paneTracker.ts), and
 * merging windows (`WindowMerger`, windowMerger.ts). The lateness rules live here, on the element path.
 * Pure: it never touches an Observable or a clock of its own; the operator shell feeds it elements,
 * watermarks and processing-time wake-ups and schedules the wake-ups it asks for.
 */
import type { CombineFn } from '../combiners/combineFn.js';
import { MIN_TIMESTAMP, type Instant } from '../time.js';
import { compileTrigger } from '../triggers/stateMachine.js';
import { mergeOverlappingWindows } from '../windows/sessionWindows.js';
import { GLOBAL_WINDOW, type Window } from '../windows/window.js';
import type { WindowFn } from '../windows/windowFn.js';
import { Admission } from './admission.js';
import { WatermarkHolds } from './holds.js';
import { keyId } from './keyEncoding.js';
import { PaneTracker } from './paneTracker.js';
import { takingRetractions } from './retractions.js';
import type { BadRecordReason, DropReason, FiringCause, Input, ReducerConfig, ReducerMetrics, ReducerSink } from './reducerTypes.js';
import { garbageCollectionTime, type WindowingStrategy } from './strategy.js';
import { TriggerRunner } from './triggerRunner.js';
import { WindowMerger } from './windowMerger.js';
import type { KeyWindow } from './keyWindow.js';
import { WindowStore, type WindowBucket } from './windowStore.js';

export type {
  BadRecordReason,
  DropReason,
  DroppedElement,
  Firing,
  FiringCause,
  Input,
  ReducerConfig,
  ReducerMetrics,
  ReducerSink,
  RejectedElement,
} from './reducerTypes.js';

/**
 * Groups values per key and window and emits panes as the strategy's trigger fires. Keys are compared
 * by value (see `encodeKey`); a pane carries the key as the first element of its state gave it.
 * Beam: `GroupByKey` / `Combine.perKey` as run by `ReduceFnRunner`.
 *
 * @category Core
 */
export class Reducer<In, K, Acc, Out> {
  readonly metrics: ReducerMetrics = { elementsIn: 0, droppedLate: 0, droppedClosed: 0, droppedNoWindow: 0, badRecords: 0, panesOut: 0, openWindows: 0 };
  private inputWm: Instant = MIN_TIMESTAMP;
  private readonly store: WindowStore<K, Acc>;
  private readonly holds: WatermarkHolds<K, Acc>;
  private readonly triggers: TriggerRunner<K, Acc>;
  private readonly strategy: WindowingStrategy;
  private readonly keyOf: (value: In) => K;
  /** Current processing time (the injected scheduler's clock). */
  private readonly now: () => Instant;
  private readonly fn: CombineFn<In, Acc, Out>;
  /** Under `onError: 'route'`, the check each element passes before it touches any state. */
  private readonly admission: Admission<In, K, Acc> | undefined;
  private readonly panes: PaneTracker<In, K, Acc, Out>;
  private readonly touched: KeyWindow<K, Acc>[] = [];
  /** The window function when windows merge (sessions). */
  private readonly mergingFn: WindowFn | undefined;
  /** Merges a key's windows, when they merge. */
  private readonly merger: WindowMerger<In, K, Acc, Out> | undefined;
  /**
   * The default trigger, or the watermark trigger without early or late firings: nothing to do per
   * element, ready once the watermark passes the end of the window. Checked inline instead of through
   * the state machine's dispatch, with the same result.
   */
  private readonly endOfWindowOnly: boolean;
  /**
   * The root is the default or a watermark trigger, which sets the end-of-window timer for every element
   * before the end: every window gets the timer from the start, and no state needs to note it.
   */
  private readonly everyWindowTimed: boolean;
  private readonly endOfWindowHolds: boolean;

  constructor(
    config: ReducerConfig<In, K, Acc, Out>,
    private readonly sink: ReducerSink<K, Out, In>,
  ) {
    this.strategy = config.strategy;
    this.keyOf = config.key;
    this.now = config.now;
    // An input that may hold retractions (a retracting grouping upstream) takes each one back out.
    this.fn = config.strategy.retractions === true ? takingRetractions(config.combineFn) : config.combineFn;
    this.admission = config.onError === 'route' ? new Admission(config.key, config.combineFn, (v, t, reason, e) => this.reject(v, t, reason, e)) : undefined;
    this.mergingFn = config.strategy.windowFn?.isMerging ? config.strategy.windowFn : undefined;
    const compiled = compileTrigger(config.strategy.trigger);
    const root = compiled.root;
    this.endOfWindowHolds = config.strategy.timestampCombiner === 'endOfWindow';
    this.endOfWindowOnly = root.trigger.kind === 'default' || (root.trigger.kind === 'afterWatermark' && root.subs.length === 0);
    this.everyWindowTimed = root.trigger.kind === 'default' || root.trigger.kind === 'afterWatermark';
    const tracking = this.mergingFn === undefined ? 'none' : this.mergingFn.mergeWindows === mergeOverlappingWindows ? 'disjoint' : 'any';
    this.store = new WindowStore<K, Acc>(config.strategy.allowedLateness, tracking, this.metrics, this.everyWindowTimed);
    this.triggers = new TriggerRunner<K, Acc>(compiled, config.now, this.mergingFn !== undefined, this.everyWindowTimed, this.store);
    this.holds = new WatermarkHolds<K, Acc>(config.strategy.timestampCombiner, config.strategy.windowFn, config.strategy.allowedLateness);
    this.panes = new PaneTracker(config.strategy, config.combineFn, this.holds, this.metrics, sink, config.now);
    this.merger = this.mergingFn === undefined ? undefined : new WindowMerger(this.mergingFn, this.store, this.holds, this.panes, config.combineFn, this.triggers);
  }

  /** The input watermark seen so far. */
  get inputWatermark(): Instant {
    return this.inputWm;
  }

  /** The output watermark: the input watermark held back by pending panes and timers. Never decreases. */
  get outputWatermark(): Instant {
    return this.holds.output;
  }

  /** How many processing-time timers triggers have filed so far: a change means `nextProcessingTimer` may have moved earlier. */
  get processingTimersFiled(): number {
    return this.triggers.timersFiled;
  }

  /** True when some trigger waits for processing time. */
  get hasProcessingTimers(): boolean {
    return this.triggers.processingTimers.size > 0;
  }

  /** The earliest processing time at which a trigger wants to be asked again, or +Infinity. */
  nextProcessingTimer(): Instant {
    const heap = this.triggers.processingTimers;
    while (heap.size > 0 && !heap.peek()!.alive) heap.pop();
    return heap.peekKey();
  }

  /** Processes one element as a bundle of its own. */
  processElement(value: In, timestamp: Instant, windows?: readonly Window[]): void {
    const admission = this.admission;
    if (this.mergingFn !== undefined) {
      if (admission === undefined) {
        const key = this.keyOf(value);
        return this.processMergingOne(key, keyId(key), value, timestamp);
      }
      if (admission.admit(value, timestamp)) this.processMergingOne(admission.key, admission.id, value, timestamp);
      return;
    }
    if (admission === undefined) this.addToPanes(value, timestamp, windows);
    else if (admission.admit(value, timestamp)) this.addKeyed(admission.key, admission.id, value, timestamp, windows);
    this.fireTouched();
  }

  /** Processes several elements as one bundle: triggers are asked once per window after all of them. */
  processBundle(elements: readonly Input<In>[]): void {
    if (this.mergingFn !== undefined) return this.processMerging(elements);
    const admission = this.admission;
    for (const e of elements) {
      if (admission === undefined) this.addToPanes(e.value, e.timestamp, e.windows);
      else if (admission.admit(e.value, e.timestamp)) this.addKeyed(admission.key, admission.id, e.value, e.timestamp, e.windows);
    }
    this.fireTouched();
  }

  // The element path (addToPanes, addKeyed, addToWindow and the small functions they call) is written so
  // that the compiler can inline all of it into the caller: rare branches live in functions of their own.
  // An event time that crosses a call that is not inlined is boxed, one allocation per element.
  private addToPanes(value: In, timestamp: Instant, carried: readonly Window[] | undefined): void {
    const key = this.keyOf(value);
    this.addKeyed(key, keyId(key), value, timestamp, carried);
  }

  /** {@link addToPanes} once the key and its identity are known. */
  private addKeyed(key: K, id: unknown, value: In, timestamp: Instant, carried: readonly Window[] | undefined): void {
    const windowFn = this.strategy.windowFn;
    const windows = windowFn !== undefined ? windowFn.assign(timestamp, value) : (carried ?? GLOBAL_ONLY);
    if (windows.length === 0) return this.dropWithoutWindow(value, timestamp);
    for (let i = 0; i < windows.length; i++) {
      const window = windows[i];
      const bucket = this.store.find(window);
      if (bucket === undefined) this.addToNewWindow(id, key, window, value, timestamp);
      else if (this.expired(value, timestamp, window, bucket.gcTime)) continue;
      else this.addToWindow(this.store.inBucket(bucket, id, key), window, value, timestamp);
    }
  }

  /** {@link addKeyed} for a window that has no bucket yet. */
  private addToNewWindow(id: unknown, key: K, window: Window, value: In, timestamp: Instant): void {
    if (this.expiredNew(value, timestamp, window)) return;
    this.addToWindow(this.store.inBucket(this.store.bucket(window, this.inputWm), id, key), window, value, timestamp);
  }

  /** {@link expired} for a window without a bucket yet: its garbage-collection time is computed. */
  private expiredNew(value: In, timestamp: Instant, window: Window): boolean {
    return this.expired(value, timestamp, window, garbageCollectionTime(window, this.strategy.allowedLateness));
  }

  /** Beam's first drop rule: a value for a window whose garbage-collection time has passed is dropped. */
  private expired(value: In, timestamp: Instant, window: Window, gcTime: Instant): boolean {
    this.metrics.elementsIn++;
    if (!(gcTime < this.inputWm)) return false;
    this.drop(value, timestamp, window, 'beyond-allowed-lateness');
    return true;
  }

  private addToWindow(kw: KeyWindow<K, Acc>, window: Window, value: In, timestamp: Instant): void {
    // Beam's second drop rule: the window's trigger has finished.
    if (kw.closed) return this.drop(value, timestamp, window, 'window-closed');
    kw.nonEmpty = true;
    // End-of-window holds: once a pane holds its window's end, further on-time elements change nothing.
    if (!this.endOfWindowHolds || kw.elementHold === undefined || window.maxTimestamp < this.inputWm) this.holds.add(kw, timestamp, this.inputWm);
    const fn = this.fn;
    const acc = kw.acc;
    kw.acc = fn.addInput(acc === undefined ? fn.createAccumulator() : acc, value);
    // End-of-window triggers fire on an element only once the watermark has passed the window (late
    // data): on-time elements need no trigger check at all.
    if (this.endOfWindowOnly ? this.inputWm > window.maxTimestamp : this.triggers.onElement(kw, this.inputWm)) this.touch(kw);
  }

  /** Notes a window to ask after the element or bundle, once in a row. */
  private touch(kw: KeyWindow<K, Acc>): void {
    const touched = this.touched;
    if (touched.length === 0 || touched[touched.length - 1] !== kw) touched.push(kw);
  }

  /**
   * A bundle under a merging window function (Beam: `ReduceFnRunner.processElements` with a
   * `MergingActiveWindowSet`): per key, the new windows are merged with the key's open windows first,
   * then every value goes to the window its own window merged into.
   */
  private processMerging(elements: readonly Input<In>[]): void {
    const admission = this.admission;
    const byKey = new Map<unknown, { key: K; list: { value: In; timestamp: Instant; window: Window }[] }>();
    for (const e of elements) {
      let key: K;
      let id: unknown;
      if (admission === undefined) {
        key = this.keyOf(e.value);
        id = keyId(key);
      } else if (admission.admit(e.value, e.timestamp)) {
        key = admission.key;
        id = admission.id;
      } else continue;
      const assigned = this.assignMerging(e.value, e.timestamp);
      if (assigned === undefined) continue;
      if (assigned.length === 0) {
        this.dropWithoutWindow(e.value, e.timestamp);
        continue;
      }
      let group = byKey.get(id);
      if (group === undefined) byKey.set(id, (group = { key, list: [] }));
      for (const window of assigned) {
        if (!this.expiredNew(e.value, e.timestamp, window)) group.list.push({ value: e.value, timestamp: e.timestamp, window });
      }
    }
    for (const [id, { key, list }] of byKey) {
      const mergedInto = this.merger!.mergeKeyWindows(
        id,
        key,
        list.map((x) => x.window),
        this.inputWm,
      );
      for (const x of list) {
        const window = mergedInto.get(x.window) ?? x.window;
        this.addToWindow(this.store.get(id, key, window, this.inputWm), window, x.value, x.timestamp);
      }
    }
    this.fireTouched();
  }

  /** {@link processMerging} for a bundle of one element, without grouping the bundle by key. */
  private processMergingOne(key: K, id: unknown, value: In, timestamp: Instant): void {
    const windowFn = this.mergingFn!;
    const assigned = this.assignMerging(value, timestamp);
    if (assigned === undefined) return;
    if (assigned.length === 0) return this.dropWithoutWindow(value, timestamp);
    if (assigned.length === 1 && windowFn.mergeWindows === mergeOverlappingWindows) {
      // Session windows: the one new window's merge is planned without a plan object.
      const w = assigned[0];
      if (!this.expiredNew(value, timestamp, w)) {
        const window = this.merger!.mergeOne(id, key, w, this.inputWm);
        this.addToWindow(this.store.get(id, key, window, this.inputWm), window, value, timestamp);
      }
      this.fireTouched();
      return;
    }
    const windows: Window[] = [];
    for (const window of assigned) if (!this.expiredNew(value, timestamp, window)) windows.push(window);
    if (windows.length > 0) {
      const mergedInto = this.merger!.mergeKeyWindows(id, key, windows, this.inputWm);
      for (const w of windows) {
        const window = mergedInto.get(w) ?? w;
        this.addToWindow(this.store.get(id, key, window, this.inputWm), window, value, timestamp);
      }
    }
    this.fireTouched();
  }

  /**
   * The windows of an element under a merging window function, which may refuse the value (a session
   * gap that is not a positive finite number): under `onError: 'route'` the refusal is a bad record and
   * the result `undefined`; otherwise the error ends the stream.
   */
  private assignMerging(value: In, timestamp: Instant): readonly Window[] | undefined {
    try {
      return this.mergingFn!.assign(timestamp, value);
    } catch (e) {
      if (this.admission === undefined) throw e;
      this.reject(value, timestamp, 'window-function-threw', e);
      return undefined;
    }
  }

  /** Asks the triggers of the windows the last elements touched; kept tiny so that it inlines into the element path. */
  private fireTouched(): void {
    if (this.touched.length !== 0) this.fireTouchedWindows();
  }

  private fireTouchedWindows(): void {
    const touched = this.touched;
    let fired = false;
    // A window in a bundle twice is asked once (a set, so a large bundle is not quadratic).
    const asked = touched.length > 1 ? new Set<KeyWindow<K, Acc>>() : undefined;
    for (let i = 0; i < touched.length; i++) {
      const kw = touched[i];
      if (asked !== undefined) {
        if (asked.has(kw)) continue;
        asked.add(kw);
      }
      if (this.ready(kw)) {
        this.emit(kw, 'element');
        fired = true;
      }
    }
    // Popping is inlined by the compiler; setting the length is a runtime call.
    while (touched.length > 0) touched.pop();
    // A firing releases holds, which may let the output watermark move on.
    if (fired) this.refreshOutputWatermark();
  }

  /** True when the state is live, its trigger open, and the trigger says fire. */
  private ready(kw: KeyWindow<K, Acc>): boolean {
    if (!kw.alive || kw.closed) return false;
    if (this.endOfWindowOnly) return this.inputWm > kw.bucket.window.maxTimestamp;
    return this.triggers.shouldFire(kw, this.inputWm);
  }

  /** An element refused under `onError: 'route'`: handed to the sink (which may throw to end the run instead), and counted. */
  private reject(value: In, timestamp: Instant, reason: BadRecordReason, error: unknown): void {
    this.sink.rejected?.({ value, timestamp, reason, error, watermark: this.inputWm });
    this.metrics.badRecords++;
  }

  private drop(value: In, timestamp: Instant, window: Window, reason: DropReason): void {
    if (reason === 'window-closed') this.metrics.droppedClosed++;
    else this.metrics.droppedLate++;
    this.sink.dropped({ value, timestamp, window, reason, watermark: this.inputWm });
  }

  /** An element the window function gave no window: one dead letter, counted as one element in. */
  private dropWithoutWindow(value: In, timestamp: Instant): void {
    this.metrics.elementsIn++;
    this.metrics.droppedNoWindow++;
    this.sink.dropped({ value, timestamp, reason: 'no-window', watermark: this.inputWm });
  }

  /** Fires the trigger of one window and emits its pane (Beam: `ReduceFnRunner.emit`). */
  private emit(kw: KeyWindow<K, Acc>, cause: FiringCause): void {
    const ready = this.sink.explain ? this.triggers.readyNodes(kw, this.inputWm) : NONE;
    const finished = this.triggers.onFire(kw, this.inputWm);
    this.panes.fire(kw, finished, cause, ready, this.inputWm);
    if (finished) {
      // A closed window takes no part in merging any more (Beam removes it from the active set).
      this.store.deactivate(kw);
      // Only the finished bits are kept, so that later elements are dropped until garbage collection.
      this.triggers.clear(kw, this.inputWm);
    }
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
    for (let bucket = this.store.nextDue(watermark); bucket !== undefined; bucket = this.store.nextDue(watermark)) {
      this.onBucketTimer(bucket);
    }
    this.refreshOutputWatermark();
  }

  /** One window's end-of-window or garbage-collection timer, handled for every key in the window. */
  private onBucketTimer(bucket: WindowBucket<K, Acc>): void {
    if (this.inputWm > bucket.gcTime) {
      // Garbage collection fires the final pane without asking the trigger, then forgets the window.
      for (const kw of bucket.values()) {
        if (kw.alive && !kw.closed) this.panes.onTrigger(kw, true, 'garbageCollection', NONE, this.inputWm);
      }
      this.store.removeBucket(bucket);
      return;
    }
    // Only states whose trigger set the end-of-window timer are asked (Beam: the timer fires for them alone).
    for (const kw of bucket.values()) if ((this.everyWindowTimed || kw.endOfWindowTimer) && this.ready(kw)) this.emit(kw, 'watermark');
    this.store.scheduleGarbageCollection(bucket);
    // The window's timer no longer holds the output watermark at its end: holds left before the new
    // timer (a trigger that did not fire at the end of the window) now need entries of their own.
    for (const kw of bucket.values()) this.holds.refile(kw);
  }

  private refreshOutputWatermark(): void {
    this.holds.refresh(this.inputWm, this.store);
  }

  /** Runs the processing-time timers due at the current processing time (strictly before `now`). */
  advanceProcessingTime(): void {
    for (const kw of this.triggers.dueAt(this.now())) if (this.ready(kw)) this.emit(kw, 'processingTime');
    this.refreshOutputWatermark();
  }

  /** Drops all state and timers. */
  dispose(): void {
    this.store.clear();
    this.holds.clear();
    this.panes.clear();
    this.triggers.clearTimers();
  }
}

const GLOBAL_ONLY: readonly Window[] = Object.freeze([GLOBAL_WINDOW]);
const NONE: readonly string[] = Object.freeze([]);
