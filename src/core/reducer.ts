/**
 * The per-key, per-window reducer: the equivalent of Beam's `ReduceFnRunner`. It runs the element path
 * and the timers, and composes one collaborator per concept, each in a file of its own (ARCHITECTURE.md,
 * "The reducer", lists them). Pure: it never touches an Observable or a clock of its own. The operator
 * shell calls one step at a time (`processElement`, `processBundle`, `advanceWatermark`,
 * `advanceProcessingTime`); each step reports through the sink: panes, drops and refused elements as
 * they happen, then the output watermark when it moved and the next processing-time wake-up when it may
 * have changed.
 */
import type { CombineFn } from '../combiners/combineFn.js';
import { MIN_TIMESTAMP, type Instant } from '../time.js';
import { compileTrigger } from '../triggers/stateMachine.js';
import { mergeOverlappingWindows } from '../windows/sessionWindows.js';
import { GLOBAL_WINDOW, type Window } from '../windows/window.js';
import { Admission } from './admission.js';
import { DropRules } from './dropRules.js';
import { Firings } from './firings.js';
import { WatermarkHolds } from './holds.js';
import { keyId } from './keyEncoding.js';
import { LastWindow } from './lastWindow.js';
import { PaneTracker } from './paneTracker.js';
import type { Input, ReducerConfig, ReducerMetrics, ReducerSink } from './reducerTypes.js';
import { takingRetractions } from './retractions.js';
import { describeStrategy, type WindowingStrategy } from './strategy.js';
import type { SnapshotParts } from './reducerSnapshot.js';
import { StepReports } from './stepReports.js';
import { endOfWindowTrigger, TriggerRunner } from './triggerRunner.js';
import { WindowMerger, type KeyedInput } from './windowMerger.js';
import type { KeyWindow } from './keyWindow.js';
import type { WindowBucket } from './windowBucket.js';
import { WindowListBuckets } from './windowListBuckets.js';
import { WindowStore } from './windowStore.js';

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
  /**
   * The event time of the element being added, read here, not passed: a call the compiler does not
   * inline would box this large number, an allocation per call (six per element of sliding windows).
   */
  private time: Instant = MIN_TIMESTAMP;
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
  private readonly drops: DropRules<In>;
  private readonly firings: Firings<In, K, Acc, Out>;
  /** Merges a key's windows, when they merge. */
  private readonly merger: WindowMerger<In, K, Acc, Out> | undefined;
  /** The default trigger, or `afterWatermark` alone: nothing to do per on-time element (see `Firings`). */
  private readonly endOfWindowOnly: boolean;
  private readonly endOfWindowHolds: boolean;
  private readonly reports: StepReports<K, Acc>;
  private readonly listBuckets: WindowListBuckets<K, Acc> | undefined;
  /** Whether settled states of on-time windows may only add (`KeyWindow.isSettled`); the fast path's last window. */
  private readonly settledAdds: boolean;
  private readonly last: LastWindow<K, Acc>;

  constructor(
    config: ReducerConfig<In, K, Acc, Out>,
    sink: ReducerSink<K, Out, In>,
  ) {
    this.strategy = config.strategy;
    this.keyOf = config.key;
    this.now = config.now;
    // An input that may hold retractions (a retracting grouping upstream) takes each one back out.
    this.fn = config.strategy.retractions === true ? takingRetractions(config.combineFn) : config.combineFn;
    this.drops = new DropRules<In>(this.metrics, sink, config.strategy.allowedLateness);
    this.admission = config.onError === 'route' ? new Admission(config.key, config.combineFn, (v, t, reason, e) => this.drops.rejected(v, t, reason, e, this.inputWm)) : undefined;
    const mergingFn = config.strategy.windowFn?.isMerging ? config.strategy.windowFn : undefined;
    const compiled = compileTrigger(config.strategy.trigger);
    const root = compiled.root;
    this.endOfWindowHolds = config.strategy.timestampCombiner === 'endOfWindow';
    this.endOfWindowOnly = endOfWindowTrigger(compiled) !== undefined;
    // Every window has its end-of-window timer from the start (see `Firings`).
    const everyWindowTimed = root.trigger.kind === 'default' || root.trigger.kind === 'afterWatermark';
    const tracking = mergingFn === undefined ? 'none' : mergingFn.mergeWindows === mergeOverlappingWindows ? 'disjoint' : 'any';
    this.store = new WindowStore<K, Acc>(config.strategy.allowedLateness, tracking, this.metrics, everyWindowTimed);
    this.triggers = new TriggerRunner<K, Acc>(compiled, config.now, mergingFn !== undefined, everyWindowTimed, this.store, config.plainPaths === true);
    this.holds = new WatermarkHolds<K, Acc>(config.strategy.timestampCombiner, config.strategy.windowFn, config.strategy.allowedLateness);
    this.reports = new StepReports<K, Acc>(sink, this.holds, this.triggers);
    this.panes = new PaneTracker(config.strategy, config.combineFn, this.holds, this.metrics, sink, config.now);
    this.firings = new Firings(this.store, this.triggers, this.panes, this.holds, this.reports, sink.explain === true, this.endOfWindowOnly, everyWindowTimed, () => this.inputWm);
    this.settledAdds = config.plainPaths !== true && this.endOfWindowHolds && (this.endOfWindowOnly || this.triggers.maySkip);
    this.last = new LastWindow(this.settledAdds && config.strategy.windowFn?.partitionsTime === true);
    this.listBuckets = config.plainPaths === true ? undefined : new WindowListBuckets<K, Acc>();
    this.merger = mergingFn === undefined ? undefined : new WindowMerger(mergingFn, this.store, this.holds, this.panes, config.combineFn, this.triggers, this.drops, (kw, w, v, t) => {
      this.time = t;
      this.addToWindow(kw, w, v);
    }, config.onError === 'route', config.plainPaths === true, this.endOfWindowOnly);
  }

  /** The input watermark seen so far. */
  get inputWatermark(): Instant {
    return this.inputWm;
  }

  /** The output watermark: the input watermark held back by pending panes and timers. Never decreases. */
  get outputWatermark(): Instant {
    return this.holds.output;
  }

  /** The earliest processing time at which a trigger wants to be asked again, or +Infinity. */
  nextProcessingTimer(): Instant {
    return this.triggers.nextTimer();
  }

  // The element path (processElement, addKeyed, addToOne, addToWindow and the small functions they call)
  // is written so that the compiler can inline all of it into the caller: rare branches live in
  // functions of their own, which keeps the inlined code within the compiler's budget (it counts the
  // code of every function it inlines into one). The element's event time is read from `time`.

  /** Processes one element as a bundle of its own. */
  processElement(value: In, timestamp: Instant, windows?: readonly Window[]): void {
    this.time = timestamp;
    if (this.admission !== undefined) return this.processAdmitted(value, windows);
    const key = this.keyOf(value);
    if (this.merger !== undefined) return this.addMerging(key, keyId(key), value, timestamp);
    const id = keyId(key);
    if (this.last.takes(timestamp, this.inputWm)) this.addToLast(key, id, value);
    else this.addKeyed(key, id, value, windows);
    this.firings.endStep();
  }

  /**
   * {@link addKeyed} for an element of the last window an element went to, while that is on time (the
   * fast path, see `lastWindow.ts`): a settled state whose trigger has nothing to do only adds it.
   */
  private addToLast(key: K, id: unknown, value: In): void {
    const bucket = this.last.bucket!;
    const kw = this.store.stateIn(bucket, id);
    if (kw === undefined || !kw.isSettled() || !this.onlyAdds(kw)) return this.addToBucket(key, id, bucket, kw, value);
    this.metrics.elementsIn++;
    this.accumulate(kw, value);
  }

  /** {@link processElement} under `onError: 'route'`: the element is checked before it touches any state. */
  private processAdmitted(value: In, windows: readonly Window[] | undefined): void {
    const admission = this.admission!;
    if (!admission.admit(value, this.time)) return;
    if (this.merger !== undefined) return this.addMerging(admission.key, admission.id, value, this.time);
    this.addKeyed(admission.key, admission.id, value, windows);
    this.firings.endStep();
  }

  /** {@link processElement} under merging windows: the merger adds the element. */
  private addMerging(key: K, id: unknown, value: In, timestamp: Instant): void {
    this.merger!.addElement(key, id, value, timestamp, this.inputWm);
    // Merges may file timers of their own: every merging step is reported.
    this.firings.askTouched();
  }

  /** Processes several elements as one bundle: triggers are asked once per window after all of them. */
  processBundle(elements: readonly Input<In>[]): void {
    const admission = this.admission;
    const keyed: KeyedInput<In, K>[] | undefined = this.merger === undefined ? undefined : [];
    for (const { value, timestamp, windows } of elements) {
      if (admission !== undefined && !admission.admit(value, timestamp)) continue;
      const key = admission === undefined ? this.keyOf(value) : admission.key;
      const id = admission === undefined ? keyId(key) : admission.id;
      // Under merging windows the merger takes the keyed bundle at once (see `WindowMerger.addBundle`).
      if (keyed !== undefined) keyed.push({ key, id, value, timestamp });
      else {
        this.time = timestamp;
        this.addKeyed(key, id, value, windows);
      }
    }
    if (keyed === undefined) return this.firings.endStep();
    this.merger!.addBundle(keyed, this.inputWm);
    this.firings.askTouched();
  }

  /** Adds an element to its windows once its key and the key's identity are known. */
  private addKeyed(key: K, id: unknown, value: In, carried: readonly Window[] | undefined): void {
    const windowFn = this.strategy.windowFn;
    const windows = windowFn !== undefined ? windowFn.assign(this.time, value) : (carried ?? GLOBAL_ONLY);
    if (windows.length === 1) this.addToOne(key, id, windows[0], value);
    else this.addToSeveral(key, id, windows, value);
  }

  /** {@link addKeyed} for an element of one window (fixed windows, the global window). */
  private addToOne(key: K, id: unknown, window: Window, value: In): void {
    const bucket = this.store.find(window);
    if (bucket === undefined) this.addToNewWindow(id, key, window, value);
    else this.addToBucket(key, id, bucket, this.store.stateIn(bucket, id), value);
  }

  /** Adds to the key's state `kw` in a live bucket, or to a new one when it has none there: Beam's first drop rule, then {@link addToWindow}. */
  private addToBucket(key: K, id: unknown, bucket: WindowBucket<K, Acc>, kw: KeyWindow<K, Acc> | undefined, value: In): void {
    const window = bucket.window;
    if (!this.drops.enters(value, this.time, window, bucket.gcTime, this.inputWm)) return;
    this.addToWindow(kw ?? this.store.create(bucket, id, key), window, value);
    if (this.last.enabled) this.last.remember(bucket);
  }

  /**
   * {@link addKeyed} for an element of several windows (sliding windows), or of none. Lists of several
   * windows come again for every time of a slot, so their buckets are kept; and the element looks its
   * key up once for all of them (the store links each key's states): windows come newest first, and so,
   * mostly, do the key's states, so each window's state is looked for after the last one found.
   */
  private addToSeveral(key: K, id: unknown, windows: readonly Window[], value: In): void {
    if (windows.length === 0) return this.drops.noWindow(value, this.time, this.inputWm);
    const known = this.listBuckets?.of(windows);
    if (known === undefined) {
      for (const window of windows) this.addToOne(key, id, window, value);
      return;
    }
    let from = this.store.newestOf(id);
    for (let i = 0; i < windows.length; i++) {
      const window = windows[i];
      let bucket = known[i];
      if (bucket === undefined || !bucket.alive) bucket = known[i] = this.store.find(window);
      if (bucket === undefined) this.addToNewWindow(id, key, window, value);
      else if (this.drops.enters(value, this.time, window, bucket.gcTime, this.inputWm)) {
        // The state after the last one found, mostly, tested here before the store's search (which starts
        // with the same test): the search is rarely needed and would take much of the compiler's inlining
        // budget for this loop.
        const kw = from !== undefined && from.bucket === bucket ? from : this.store.inBucketFrom(bucket, id, key, from);
        from = kw.olderOfKey;
        if (this.settledAdds && kw.isSettled() && !(this.inputWm > window.maxTimestamp) && this.onlyAdds(kw)) this.accumulate(kw, value);
        else this.addToWindow(kw, window, value);
      }
    }
  }

  /** {@link addKeyed} for a window that has no bucket yet. */
  private addToNewWindow(id: unknown, key: K, window: Window, value: In): void {
    if (!this.drops.entersNew(value, this.time, window, this.inputWm)) return;
    this.addToWindow(this.store.inBucket(this.store.bucket(window, this.inputWm), id, key), window, value);
  }

  private addToWindow(kw: KeyWindow<K, Acc>, window: Window, value: In): void {
    if (kw.closed) return this.drops.windowClosed(value, this.time, window, this.inputWm);
    kw.nonEmpty = true;
    // End-of-window holds: once a pane holds its window's end, further on-time elements change nothing.
    if (!this.endOfWindowHolds || kw.elementHold === undefined || window.maxTimestamp < this.inputWm) this.holds.add(kw, this.time, this.inputWm);
    this.accumulate(kw, value);
    // End-of-window triggers fire on an element only once the watermark has passed the window (late
    // data): on-time elements need no trigger check at all.
    if (!this.endOfWindowOnly) this.triggerOnElement(kw);
    else if (this.inputWm > window.maxTimestamp) this.firings.touch(kw);
  }

  /** For a settled state of an on-time window: true when the trigger has nothing to do for an element either. */
  private onlyAdds(kw: KeyWindow<K, Acc>): boolean {
    return this.endOfWindowOnly || this.triggers.skips(kw);
  }

  private accumulate(kw: KeyWindow<K, Acc>, value: In): void {
    const fn = this.fn;
    const acc = kw.acc;
    kw.acc = fn.addInput(acc === undefined ? fn.createAccumulator() : acc, value);
  }

  /** {@link addToWindow}'s trigger hooks for triggers other than the end of the window alone. */
  private triggerOnElement(kw: KeyWindow<K, Acc>): void {
    if (this.triggers.skips(kw)) return;
    this.triggers.onElement(kw, this.inputWm);
    this.firings.touch(kw);
  }

  /**
   * Advances the input watermark and runs every end-of-window and garbage-collection timer it passes.
   * A watermark that does not move forward is ignored.
   */
  advanceWatermark(watermark: Instant): void {
    if (!(watermark > this.inputWm)) return;
    this.inputWm = watermark;
    this.firings.passWatermark(watermark);
    this.holds.refresh(this.inputWm, this.store);
    this.reports.afterWatermark();
  }

  /** Runs the processing-time timers due at the current processing time (strictly before `now`). */
  advanceProcessingTime(): void {
    for (const kw of this.triggers.dueAt(this.now())) if (this.firings.ready(kw, this.inputWm)) this.firings.emit(kw, 'processingTime', this.inputWm);
    this.holds.refresh(this.inputWm, this.store);
    this.reports.afterProcessingTime();
  }

  /**
   * The parts a snapshot reads and a restore writes: `snapshotReducer` and `restoreReducer` of
   * `reducerSnapshot.ts` take them, so a pipeline that never snapshots does not bundle that code.
   */
  snapshotParts(): SnapshotParts<K, Acc> {
    return {
      store: this.store,
      holds: this.holds,
      triggers: this.triggers,
      metrics: this.metrics,
      strategy: describeStrategy(this.strategy),
      panes: this.panes,
      inputWatermark: this.inputWm,
      restored: (inputWatermark, outputWatermark) => {
        this.inputWm = inputWatermark;
        this.reports.afterRestore(outputWatermark);
      },
    };
  }

  /** Drops all state and timers. */
  dispose(): void {
    this.last.forget();
    this.store.clear();
    this.holds.clear();
    this.panes.clear();
    this.triggers.clearTimers();
  }
}

const GLOBAL_ONLY: readonly Window[] = Object.freeze([GLOBAL_WINDOW]);
