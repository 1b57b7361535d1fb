/**
 * The element path under windows that do not merge: how one element reaches the states of its key in
 * its windows (Beam: `ReduceFnRunner.processElement` and `processElementInWindow`, fixed, sliding,
 * calendar and global windows). `WindowMerger` is the same for windows that merge. The `Reducer` holds
 * one, hands it each element with its key, and ends the step; the path also adds the elements a merge
 * places in a window ({@link ElementPath.addToWindow}).
 *
 * It keeps the input watermark and the event time of the element being added: both are read several
 * times per element and window, so they live on the object that reads them (the reducer writes the
 * watermark at each watermark step, through {@link ElementPath.inputWm}).
 *
 * Written so that the compiler can inline all of it into the caller (`Reducer.processElement`): rare
 * branches live in methods of their own, which keeps the inlined code within the compiler's budget (it
 * counts the code of every function it inlines into one).
 */
import type { CombineFn } from '../combiners/combineFn.js';
import { exactMergeOf } from '../combiners/exactMerge.js';
import { MIN_TIMESTAMP, type Instant } from '../time.js';
import { GLOBAL_WINDOW, type Window } from '../windows/window.js';
import type { WindowFn } from '../windows/windowFn.js';
import type { DropRules } from './dropRules.js';
import type { Firings } from './firings.js';
import type { WatermarkHolds } from './holds.js';
import type { KeyWindow } from './keyWindow.js';
import { LastWindow } from './lastWindow.js';
import type { ReducerMetrics } from './reducerTypes.js';
import { Slices } from './slices.js';
import type { TriggerRunner } from './triggerRunner.js';
import type { WindowBucket } from './windowBucket.js';
import { WindowListBuckets } from './windowListBuckets.js';
import type { WindowStore } from './windowStore.js';

/** What the element path works with: the reducer's collaborators and what its strategy allows. */
export interface ElementPathParts<In, K, Acc, Out> {
  readonly windowFn: WindowFn | undefined;
  readonly fn: CombineFn<In, Acc, Out>;
  readonly metrics: ReducerMetrics;
  readonly store: WindowStore<K, Acc>;
  readonly holds: WatermarkHolds<K, Acc>;
  readonly triggers: TriggerRunner<K, Acc>;
  readonly drops: DropRules<In>;
  readonly firings: Firings<In, K, Acc, Out>;
  /** The default trigger, or `afterWatermark` alone: nothing to do per on-time element (see `Firings`). */
  readonly endOfWindowOnly: boolean;
  /** The timestamp combiner is `endOfWindow`. */
  readonly endOfWindowHolds: boolean;
  /** `ReducerConfig.plainPaths`: no fast path is taken. */
  readonly plainPaths: boolean;
}

/** Adds elements to the states of their key in their windows, for windows that do not merge. */
export class ElementPath<In, K, Acc, Out> {
  /** The input watermark seen so far: written by the reducer. */
  inputWm: Instant = MIN_TIMESTAMP;
  /**
   * The event time of the element being added, read here, not passed: a call the compiler does not
   * inline would box this large number, an allocation per call (six per element of sliding windows).
   */
  time: Instant = MIN_TIMESTAMP;
  private readonly windowFn: WindowFn | undefined;
  private readonly fn: CombineFn<In, Acc, Out>;
  private readonly metrics: ReducerMetrics;
  private readonly store: WindowStore<K, Acc>;
  private readonly holds: WatermarkHolds<K, Acc>;
  private readonly triggers: TriggerRunner<K, Acc>;
  private readonly drops: DropRules<In>;
  private readonly firings: Firings<In, K, Acc, Out>;
  private readonly endOfWindowOnly: boolean;
  private readonly endOfWindowHolds: boolean;
  /** Whether settled states of on-time windows may only add (`KeyWindow.isSettled`); the fast path's last window. */
  private readonly settledAdds: boolean;
  private readonly last: LastWindow<K, Acc>;
  private readonly listBuckets: WindowListBuckets<K, Acc> | undefined;
  /** The states of an element's windows, kept for a slice to open (see {@link addToSeveral}), reused. */
  private readonly sliceStates: KeyWindow<K, Acc>[] = [];
  /** Sliding windows' elements added once per key and slice of time (see `slices.ts`), until that ends. */
  private slices: Slices<In, K, Acc> | undefined;

  constructor(parts: ElementPathParts<In, K, Acc, Out>) {
    this.windowFn = parts.windowFn;
    this.fn = parts.fn;
    this.metrics = parts.metrics;
    this.store = parts.store;
    this.holds = parts.holds;
    this.triggers = parts.triggers;
    this.drops = parts.drops;
    this.firings = parts.firings;
    this.endOfWindowOnly = parts.endOfWindowOnly;
    this.endOfWindowHolds = parts.endOfWindowHolds;
    this.settledAdds = !parts.plainPaths && parts.endOfWindowHolds && (parts.endOfWindowOnly || parts.triggers.maySkip);
    this.last = new LastWindow(this.settledAdds && parts.windowFn?.partitionsTime === true);
    this.listBuckets = parts.plainPaths ? undefined : new WindowListBuckets<K, Acc>();
    const shape = parts.windowFn?.slices;
    const merge = exactMergeOf(parts.fn);
    if (shape !== undefined && shape.windows > 1 && merge !== undefined && this.settledAdds && parts.endOfWindowOnly) this.slices = new Slices(shape, parts.fn, merge);
  }

  /** Adds an element at event time {@link time} to its windows: those given, or the window function's. */
  add(key: K, id: unknown, value: In, windows: readonly Window[] | undefined): void {
    if (this.last.takes(this.time, this.inputWm)) this.addToLast(key, id, value);
    else this.addKeyed(key, id, value, windows);
  }

  /**
   * {@link add} for an element of the last window an element went to, while that is on time (the fast
   * path, see `lastWindow.ts`): a settled state whose trigger has nothing to do only adds it.
   */
  private addToLast(key: K, id: unknown, value: In): void {
    const bucket = this.last.bucket!;
    const kw = this.store.stateIn(bucket, id);
    if (kw === undefined || !kw.isSettled() || !this.onlyAdds(kw)) return this.addToBucket(key, id, bucket, kw, value);
    this.metrics.elementsIn++;
    this.accumulate(kw, value);
  }

  /** {@link add} on the plain path: the element's windows assigned, each window's bucket found. */
  addKeyed(key: K, id: unknown, value: In, carried: readonly Window[] | undefined): void {
    const slices = this.slices;
    if (slices !== undefined) {
      if (!slices.merge.accepts(value)) this.stopSlicing();
      else if (slices.add(id, value, this.time, this.inputWm)) {
        this.metrics.elementsIn += slices.windowsPerElement;
        return;
      }
    }
    const windowFn = this.windowFn;
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
    // Under slices, the key's states are kept while every one is settled: the key's slice then opens.
    const states = this.slices !== undefined ? this.sliceStates : undefined;
    let settled = states !== undefined;
    for (let i = 0; i < windows.length; i++) {
      const window = windows[i];
      let bucket = known[i];
      if (bucket === undefined || !bucket.alive) bucket = known[i] = this.store.find(window);
      if (bucket === undefined) {
        this.addToNewWindow(id, key, window, value);
        settled = false;
      } else if (this.drops.enters(value, this.time, window, bucket.gcTime, this.inputWm)) {
        // The state after the last one found, mostly, tested here before the store's search (which starts
        // with the same test): the search is rarely needed and would take much of the compiler's inlining
        // budget for this loop.
        const kw = from !== undefined && from.bucket === bucket ? from : this.store.inBucketFrom(bucket, id, key, from);
        from = kw.olderOfKey;
        if (this.settledAdds && kw.isSettled() && !(this.inputWm > window.maxTimestamp) && this.onlyAdds(kw)) this.accumulate(kw, value);
        else this.addToWindow(kw, window, value);
        if (settled && kw.isSettled()) states![i] = kw;
        else settled = false;
      } else settled = false;
    }
    if (settled) this.slices!.open(id, windows, states!, this.inputWm);
  }

  /** Merges every slice into its windows and adds to every window from now on (see `slices.ts`). */
  private stopSlicing(): void {
    this.slices!.closeAll();
    this.slices = undefined;
  }

  /** Merges the slices the watermark has passed into their windows, before any of those fires. */
  closeSlicesBefore(watermark: Instant): void {
    if (this.slices?.isOpen === true) this.slices.closeBefore(watermark);
  }

  /** Merges every slice into its windows, so that every window's accumulator holds all its elements (before a snapshot). */
  closeSlices(): void {
    this.slices?.closeAll();
  }

  /** {@link addKeyed} for a window that has no bucket yet. */
  private addToNewWindow(id: unknown, key: K, window: Window, value: In): void {
    if (!this.drops.entersNew(value, this.time, window, this.inputWm)) return;
    this.addToWindow(this.store.inBucket(this.store.bucket(window, this.inputWm), id, key), window, value);
  }

  /**
   * Adds the element at {@link time} to the state `kw` of `window`, once it passed the first drop rule:
   * the second drop rule, its hold, its accumulator, and its trigger.
   */
  addToWindow(kw: KeyWindow<K, Acc>, window: Window, value: In): void {
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

  /** Adds to the state's accumulator; an accumulator changed in place (as `combineFields`' is) is not stored again. */
  private accumulate(kw: KeyWindow<K, Acc>, value: In): void {
    const fn = this.fn;
    const acc = kw.acc;
    const next = fn.addInput(acc === undefined ? fn.createAccumulator() : acc, value);
    if (next !== acc) kw.acc = next;
  }

  /** {@link addToWindow}'s trigger hooks for triggers other than the end of the window alone. */
  private triggerOnElement(kw: KeyWindow<K, Acc>): void {
    if (this.triggers.skips(kw)) return;
    this.triggers.onElement(kw, this.inputWm);
    this.firings.touch(kw);
  }

  /** Forgets the last window and the open slices (the reducer's state is gone). */
  forget(): void {
    this.slices?.clear();
    this.sliceStates.length = 0;
    this.last.forget();
  }
}

const GLOBAL_ONLY: readonly Window[] = Object.freeze([GLOBAL_WINDOW]);
