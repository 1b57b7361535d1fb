/**
 * Merging a key's windows as elements arrive (session windows): which open windows merge (planned in
 * `merging.ts`), and how their states become the merged window's: contents, holds, trigger state and
 * active-window membership. Beam: `ReduceFnRunner.onMerge` over a `MergingActiveWindowSet`.
 */
import type { CombineFn } from '../combiners/combineFn.js';
import { END_OF_GLOBAL_WINDOW, type Instant } from '../time.js';
import type { TriggerState } from '../triggers/stateMachine.js';
import { fixedSessionGap, mergeOverlappingWindows } from '../windows/sessionWindows.js';
import { intervalWindow, type Window } from '../windows/window.js';
import type { WindowFn } from '../windows/windowFn.js';
import type { DropRules } from './dropRules.js';
import type { WatermarkHolds } from './holds.js';
import { mergeContents, mergeOfOne, planMerges, type MergeTargets } from './merging.js';
import type { PaneTracker } from './paneTracker.js';
import type { TriggerRunner } from './triggerRunner.js';
import type { KeyWindow } from './keyWindow.js';
import type { WindowStore } from './windowStore.js';

/** An element whose key is known: what the merger adds. */
export interface KeyedInput<In, K> {
  readonly key: K;
  /** The key's grouping identity (`keyId`). */
  readonly id: unknown;
  readonly value: In;
  readonly timestamp: Instant;
}

/** Merges the states of a key's windows into the windows they merge into (Beam: `ReduceFnRunner.onMerge`). */
export class WindowMerger<In, K, Acc, Out> {
  /** The merging states of a move, reused (the trigger merge reads it and keeps no reference). */
  private readonly oneState: TriggerState[] = [];
  /** The sources of a merge of one state (with itself, or moving), reused likewise. */
  private readonly oneSource: KeyWindow<K, Acc>[] = [];
  /** The gap of session windows of a fixed gap, for {@link addToOpenSession}; undefined on the plain paths. */
  private readonly gap: number | undefined;

  constructor(
    private readonly windowFn: WindowFn,
    private readonly store: WindowStore<K, Acc>,
    private readonly holds: WatermarkHolds<K, Acc>,
    private readonly panes: PaneTracker<In, K, Acc, Out>,
    private readonly fn: CombineFn<In, Acc, Out>,
    private readonly triggers: TriggerRunner<K, Acc>,
    private readonly drops: DropRules<In>,
    /** Adds an element to the state of the window it goes to: the reducer's element path. */
    private readonly add: (kw: KeyWindow<K, Acc>, window: Window, value: In, timestamp: Instant) => void,
    /** Under `onError: 'route'`, an element the window function refuses is a bad record, not an error. */
    private readonly routeBadRecords: boolean,
    /** Build every merged state anew and scan every open window (`ReducerConfig.plainPaths`). */
    private readonly plain: boolean,
    /** The trigger is the default or a watermark trigger without early or late firings (see `Reducer`). */
    private readonly endOfWindowOnly: boolean,
  ) {
    this.gap = plain ? undefined : fixedSessionGap(windowFn);
  }

  /**
   * One element under the merging window function: its windows are assigned, those past their
   * garbage-collection time dropped, the rest merged with the key's open windows, and the element
   * added to the window each merged into. Beam: `ReduceFnRunner.processElements` with a
   * `MergingActiveWindowSet`, for a bundle of one.
   */
  addElement(key: K, id: unknown, value: In, timestamp: Instant, inputWm: Instant): void {
    if (this.gap !== undefined && this.addToOpenSession(id, value, timestamp, inputWm)) return;
    const assigned = this.assign(value, timestamp, inputWm);
    if (assigned === undefined) return;
    if (assigned.length === 0) return this.drops.noWindow(value, timestamp, inputWm);
    if (assigned.length === 1 && this.windowFn.mergeWindows === mergeOverlappingWindows) {
      // Session windows: the one new window's merge is planned without a plan object.
      const w = assigned[0];
      if (!this.drops.entersNew(value, timestamp, w, inputWm)) return;
      const merge = mergeOfOne(this.store.active(id), w, this.plain);
      if (merge === undefined) return this.add(this.store.get(id, key, w, inputWm), w, value, timestamp);
      // The fast merges know the state the element goes to; the general one files it under the result.
      const kw = this.mergeStates(id, key, merge.result, merge.sources, inputWm);
      return this.add(kw ?? this.store.get(id, key, merge.result, inputWm), merge.result, value, timestamp);
    }
    const windows: Window[] = [];
    for (const window of assigned) if (this.drops.entersNew(value, timestamp, window, inputWm)) windows.push(window);
    if (windows.length === 0) return;
    const mergedInto = this.mergeKeyWindows(id, key, windows, inputWm);
    for (const w of windows) {
      const window = mergedInto.get(w) ?? w;
      this.add(this.store.get(id, key, window, inputWm), window, value, timestamp);
    }
  }

  /**
   * {@link addElement} for speed, under session windows of a fixed gap, for an element whose window meets
   * exactly one open session of its key (nearly every element): the steps of the plain path (`mergeOfOne`,
   * then the fast merges of {@link mergeStates}) with the window's bounds as numbers, and a window object
   * made only when the session grows. False, having changed nothing, when the element needs the plain
   * path (a new session, several merging, a drop, a general merge). `spec/core/windowMerger.spec.ts`
   * compares the two.
   */
  private addToOpenSession(id: unknown, value: In, t: Instant, inputWm: Instant): boolean {
    const active = this.store.active(id);
    if (active === undefined || !(t <= END_OF_GLOBAL_WINDOW)) return false;
    // The bounds `intervalWindow` gives, and the garbage-collection time `DropRules.entersNew` checks.
    const e = t + this.gap!;
    const end = e > END_OF_GLOBAL_WINDOW + 1 ? END_OF_GLOBAL_WINDOW + 1 : e;
    const late = Math.ceil(end) - 1 + this.drops.allowedLateness;
    const gc = late > END_OF_GLOBAL_WINDOW ? END_OF_GLOBAL_WINDOW : late;
    if (gc < inputWm) return false;
    const entry = active.onlyOverlapping(t, end);
    if (entry === undefined) return false;
    const kw = entry.value;
    const bucket = kw.bucket;
    const a = bucket.window;
    const same = entry.start === t && entry.end === end;
    if (same || (entry.start <= t && entry.end >= end)) {
      // The session itself (no merge), or inside it: merged with itself as `coversAlone` allows.
      if (!same && (!this.endOfWindowOnly || kw.closed)) return false;
      // Counts the element in; it passes (checked above), so the window it names goes nowhere.
      this.drops.enters(value, t, a, gc, inputWm);
      if (!same) this.holds.merge(kw, this.one(kw), inputWm, bucket.timer);
      this.oneSource.pop();
      this.add(kw, a, value, t);
      return true;
    }
    if (bucket.size !== 1 || this.triggers.processingTimers.size !== 0) return false;
    const result = intervalWindow(a.start < t ? a.start : t, a.end > end ? a.end : end);
    if (this.store.findBeside(bucket, result) !== undefined) return false;
    this.drops.enters(value, t, a, gc, inputWm);
    this.moveState(this.one(kw), result, inputWm);
    this.oneSource.pop();
    this.add(kw, result, value, t);
    return true;
  }

  /** The sources of a merge of `kw` alone: the reused array, emptied again after the merge. */
  private one(kw: KeyWindow<K, Acc>): KeyWindow<K, Acc>[] {
    this.oneSource[0] = kw;
    return this.oneSource;
  }

  /**
   * A bundle under the merging window function: per key, the bundle's new windows are merged with the
   * key's open windows first, then every element goes to the window its own window merged into.
   */
  addBundle(elements: readonly KeyedInput<In, K>[], inputWm: Instant): void {
    const byKey = new Map<unknown, { key: K; list: { value: In; timestamp: Instant; window: Window }[] }>();
    for (const e of elements) {
      const assigned = this.assign(e.value, e.timestamp, inputWm);
      if (assigned === undefined) continue;
      if (assigned.length === 0) {
        this.drops.noWindow(e.value, e.timestamp, inputWm);
        continue;
      }
      let group = byKey.get(e.id);
      if (group === undefined) byKey.set(e.id, (group = { key: e.key, list: [] }));
      for (const window of assigned) {
        if (this.drops.entersNew(e.value, e.timestamp, window, inputWm)) group.list.push({ value: e.value, timestamp: e.timestamp, window });
      }
    }
    for (const [id, { key, list }] of byKey) {
      const mergedInto = this.mergeKeyWindows(id, key, list.map((x) => x.window), inputWm);
      for (const x of list) {
        const window = mergedInto.get(x.window) ?? x.window;
        this.add(this.store.get(id, key, window, inputWm), window, x.value, x.timestamp);
      }
    }
  }

  /**
   * The windows of an element, which the window function may refuse (a session gap that is not a
   * positive finite number): under `onError: 'route'` the element is a bad record and the result
   * undefined; otherwise the error ends the stream.
   */
  private assign(value: In, timestamp: Instant, inputWm: Instant): readonly Window[] | undefined {
    try {
      return this.windowFn.assign(timestamp, value);
    } catch (e) {
      if (!this.routeBadRecords) throw e;
      this.drops.rejected(value, timestamp, 'window-function-threw', e, inputWm);
      return undefined;
    }
  }

  /** Merges the key's open windows with a bundle's new ones; returns where each merged window went. */
  private mergeKeyWindows(id: unknown, key: K, incoming: readonly Window[], inputWm: Instant): MergeTargets {
    const plan = planMerges(this.windowFn, this.store.active(id), incoming, this.plain);
    for (const merge of plan.merges) {
      if (merge.sources.length > 0) this.mergeStates(id, key, merge.result, merge.sources, inputWm);
      else this.reviveClosed(id, merge.result, inputWm);
    }
    return plan.mergedInto;
  }

  /**
   * New windows merged into a window whose trigger has finished (their elements will be dropped as
   * closed): Beam makes the merge result active all the same (`MergingActiveWindowSet.recordMerge`), with
   * its finished bits run through a trigger merge of no windows and a garbage-collection hold, so later
   * windows that overlap it merge into it and are dropped too. When the result has no state yet, nothing
   * is merged: its trigger starts afresh (where Beam's trigger merge of no windows can close a watermark
   * trigger at once and drop the elements; see the README, "Where we differ from Beam Java").
   */
  private reviveClosed(id: unknown, result: Window, inputWm: Instant): void {
    const kw = this.store.find(result)?.get(id);
    if (kw === undefined || !kw.alive || !kw.closed) return;
    this.mergeInto(kw, NO_SOURCES, inputWm);
    this.triggers.onMerge(kw, this.triggers.stateOf(kw), NO_STATES, inputWm);
    this.store.activate(kw);
  }

  /**
   * Sources merging into a closed window would lose their contents there (a closed window keeps none):
   * Beam Java drops them with the source's state, uncounted. Here each such source gives its contents
   * first, as its own window's last pane, so no element is lost (see the README's differences from Beam).
   */
  private flushBeforeClosedMerge(target: KeyWindow<K, Acc>, sources: readonly KeyWindow<K, Acc>[], inputWm: Instant): void {
    for (const s of sources) {
      if (s === target || !s.alive || s.closed || !s.nonEmpty) continue;
      this.panes.fire(s, true, 'element', NO_READY, inputWm);
    }
  }

  /**
   * Moves the state of merged windows into the result window (Beam: `ReduceFnRunner.onMerge`). A result
   * that is one of the merged windows keeps its pane history; a new window starts afresh. Returns the
   * state in `result` after a fast merge (moved, or merged with itself), undefined after the general one.
   */
  private mergeStates(id: unknown, key: K, result: Window, sources: readonly KeyWindow<K, Acc>[], inputWm: Instant): KeyWindow<K, Acc> | undefined {
    if (sources.length === 1 && this.canMove(sources[0], result)) return this.moveState(sources, result, inputWm);
    if (sources.length === 1 && this.coversAlone(sources[0], result)) {
      this.holds.merge(sources[0], sources, inputWm, sources[0].bucket.timer);
      return sources[0];
    }
    const triggers = this.triggers;
    // A new merged window takes the key its merged windows were filed with, like a moved state does.
    const target = this.store.get(id, sources.length > 0 ? sources[0].key : key, result, inputWm);
    const fresh = !sources.includes(target);
    if (target.closed) this.flushBeforeClosedMerge(target, sources, inputWm);
    this.mergeInto(target, sources, inputWm);
    // A new window's own state is fresh and not among the sources, so it can receive the merge directly.
    const own = triggers.stateOf(target);
    const merged: TriggerState = fresh ? own : { finished: [...own.finished], data: [...own.data] };
    triggers.onMerge(target, merged, sources.map((s) => triggers.stateOf(s)), inputWm);
    for (const s of sources) if (s !== target) this.store.remove(s);
    // A result that is a closed window of the key becomes active again, as every merge result does.
    this.store.activate(target);
    return undefined;
  }

  /**
   * A single state merging into a window nobody has yet (an element extending a session) can move
   * there with its bucket, when the bucket holds no other key and no processing-time timer is filed
   * anywhere (such a timer is filed under the state object, which moving would keep alive).
   */
  private canMove(source: KeyWindow<K, Acc>, result: Window): boolean {
    return !this.plain && source.bucket.size === 1 && this.triggers.processingTimers.size === 0 && this.store.findBeside(source.bucket, result) === undefined;
  }

  /**
   * A new window inside one open window that is still open, under an end-of-window trigger (the
   * commonest merge of a session, an element that arrives out of order): the window merges with itself.
   * Its contents, superseded panes and active membership stay as they are, and the trigger merge of an
   * open state with itself changes nothing for these triggers (the watermark trigger stays unfinished,
   * the default one sets the end-of-window timer every such window already has); only the holds are
   * recomputed, as the general path does. `spec/core/windowMerger.spec.ts` compares the two.
   */
  private coversAlone(source: KeyWindow<K, Acc>, result: Window): boolean {
    return !this.plain && this.endOfWindowOnly && source.bucket.window === result && !source.closed;
  }

  /**
   * {@link mergeStates} for one source moving to a new window: the result is a new window, so its pane
   * history starts afresh and its trigger state is the merge of the source's; contents, holds and
   * timers are what the general path computes (`spec/core/windowMerger.spec.ts` compares the two).
   */
  private moveState(sources: readonly KeyWindow<K, Acc>[], result: Window, inputWm: Instant): KeyWindow<K, Acc> {
    const kw = sources[0];
    // Under an end-of-window trigger the merge of an open state into a new window's state gives a new
    // state (the watermark trigger stays unfinished, the default one keeps nothing): the state is dropped
    // instead, and made on first use (see `TriggerRunner.stateOf`).
    const fresh = this.endOfWindowOnly && !kw.closed;
    const previous = fresh ? undefined : this.triggers.stateOf(kw);
    if (fresh) kw.trigger = undefined;
    const filedBelow = kw.bucket.timer;
    this.store.move(kw, result, inputWm);
    kw.previousPane = undefined;
    // The merged-away window's timers are deleted; the new window gets its own from the trigger.
    kw.endOfWindowTimer = false;
    // The contents and superseded panes of a state merged with itself stay as they are: only the holds move.
    this.holds.merge(kw, sources, inputWm, filedBelow);
    if (previous === undefined) return kw;
    const merging = this.oneState;
    merging[0] = previous;
    this.triggers.onMerge(kw, this.triggers.newState(), merging, inputWm);
    merging.pop();
    return kw;
  }

  /** Merges the sources' contents into the target and files the target's holds. */
  private mergeInto(target: KeyWindow<K, Acc>, sources: readonly KeyWindow<K, Acc>[], inputWm: Instant): void {
    mergeContents(target, sources, this.fn);
    this.holds.merge(target, sources, inputWm);
    this.panes.mergeSuperseded(target, sources);
  }
}

const NO_SOURCES: readonly KeyWindow<never, never>[] = Object.freeze([]);
const NO_STATES: readonly TriggerState[] = Object.freeze([]);
const NO_READY: readonly string[] = Object.freeze([]);
