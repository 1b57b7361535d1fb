/**
 * Firing: a window's trigger asked and its pane emitted (Beam: `ReduceFnRunner.emit`), for the windows an
 * element or bundle touched once it ends, and for timers.
 */
import type { Instant } from '../time.js';
import type { WatermarkHolds } from './holds.js';
import type { KeyWindow } from './keyWindow.js';
import type { PaneTracker } from './paneTracker.js';
import type { FiringCause } from './reducerTypes.js';
import type { StepReports } from './stepReports.js';
import type { TriggerRunner } from './triggerRunner.js';
import type { WindowBucket } from './windowBucket.js';
import type { WindowStore } from './windowStore.js';

const NONE: readonly string[] = Object.freeze([]);

/** Asks triggers and emits panes for one reducer. */
export class Firings<In, K, Acc, Out> {
  /** The windows the element or bundle touched, for their triggers to be asked when it ends. */
  private readonly touched: KeyWindow<K, Acc>[] = [];

  constructor(
    private readonly store: WindowStore<K, Acc>,
    private readonly triggers: TriggerRunner<K, Acc>,
    private readonly panes: PaneTracker<In, K, Acc, Out>,
    private readonly holds: WatermarkHolds<K, Acc>,
    private readonly reports: StepReports<K, Acc>,
    /** Whether panes carry the trigger nodes that made them fire (the grouping's `onFiring`). */
    private readonly explain: boolean,
    /**
     * The default trigger, or the watermark trigger without early or late firings: ready once the
     * watermark passes the end of the window. Checked inline instead of through the state machine's
     * dispatch, with the same result.
     */
    private readonly endOfWindowOnly: boolean,
    /**
     * The root is the default or a watermark trigger, which sets the end-of-window timer for every
     * element before the end: every window gets the timer from the start, and no state notes it.
     */
    private readonly everyWindowTimed: boolean,
    /**
     * The reducer's input watermark, read when touched windows are asked: the element path passes no
     * time, which would be boxed (an allocation) on a call the compiler does not inline.
     */
    private readonly inputWatermark: () => Instant,
  ) {}

  /** Notes a window to ask when the element or bundle ends, once in a row. */
  touch(kw: KeyWindow<K, Acc>): void {
    const touched = this.touched;
    if (touched.length === 0 || touched[touched.length - 1] !== kw) touched.push(kw);
  }

  /**
   * Ends an element or bundle step: only a trigger hook files a processing-time timer, and only a
   * firing moves the output watermark here, so a step that touched no window has nothing to ask or
   * report. Kept tiny so that it inlines into the element path.
   */
  endStep(): void {
    if (this.touched.length !== 0) this.askTouched();
  }

  /**
   * Ends an element or bundle step that touched windows (and every step under merging windows, whose
   * merges may file timers of their own): asks their triggers, emits the panes of those that fire, and
   * reports what the step changed. Empties the touched windows.
   */
  askTouched(): void {
    const touched = this.touched;
    const inputWm = this.inputWatermark();
    let fired = false;
    // A window in a bundle twice is asked once (a set, so a large bundle is not quadratic).
    const asked = touched.length > 1 ? new Set<KeyWindow<K, Acc>>() : undefined;
    for (let i = 0; i < touched.length; i++) {
      const kw = touched[i];
      if (asked !== undefined) {
        if (asked.has(kw)) continue;
        asked.add(kw);
      }
      if (this.ready(kw, inputWm)) {
        this.emit(kw, 'element', inputWm);
        fired = true;
      }
    }
    // Popping is inlined by the compiler; setting the length is a runtime call.
    while (touched.length > 0) touched.pop();
    // A firing releases holds, which may let the output watermark move on.
    if (fired) this.holds.refresh(inputWm, this.store);
    this.reports.afterInput();
  }

  /** True when the state is live, its trigger open, and the trigger says fire. */
  ready(kw: KeyWindow<K, Acc>, inputWm: Instant): boolean {
    if (!kw.alive || kw.closed) return false;
    if (this.endOfWindowOnly) return inputWm > kw.bucket.window.maxTimestamp;
    return this.triggers.shouldFire(kw, inputWm);
  }

  /** Fires the trigger of one window and emits its pane (Beam: `ReduceFnRunner.emit`). */
  emit(kw: KeyWindow<K, Acc>, cause: FiringCause, inputWm: Instant): void {
    const ready = this.explain ? this.triggers.readyNodes(kw, inputWm) : NONE;
    const finished = this.triggers.onFire(kw, inputWm);
    this.panes.fire(kw, finished, cause, ready, inputWm);
    if (finished) {
      // A closed window takes no part in merging any more (Beam removes it from the active set).
      this.store.deactivate(kw);
      // Only the finished bits are kept, so that later elements are dropped until garbage collection.
      this.triggers.clear(kw, inputWm);
    }
  }

  /**
   * Runs every window timer (end of window, then garbage collection) that the input watermark `inputWm`
   * passed, earliest first. Before them, the output watermark is refreshed as a runner would before
   * delivering timers: the timers about to fire still hold it, so a pane they produce sees the output
   * watermark at or before its window.
   */
  passWatermark(inputWm: Instant): void {
    const store = this.store;
    if (!(store.earliestTimer() < inputWm)) return;
    this.holds.refresh(inputWm, store);
    for (let bucket = store.nextDue(inputWm); bucket !== undefined; bucket = store.nextDue(inputWm)) this.windowTimer(bucket, inputWm);
  }

  /** One window's end-of-window or garbage-collection timer, handled for every key in the window. */
  private windowTimer(bucket: WindowBucket<K, Acc>, inputWm: Instant): void {
    if (inputWm > bucket.gcTime) {
      // Garbage collection fires the final pane without asking the trigger, then forgets the window.
      for (const kw of bucket.values()) if (kw.alive && !kw.closed) this.panes.onTrigger(kw, true, 'garbageCollection', NONE, inputWm);
      this.store.removeBucket(bucket);
      return;
    }
    // Only states whose trigger set the end-of-window timer are asked (Beam: the timer fires for them alone).
    for (const kw of bucket.values()) if ((this.everyWindowTimed || kw.endOfWindowTimer) && this.ready(kw, inputWm)) this.emit(kw, 'watermark', inputWm);
    this.store.scheduleGarbageCollection(bucket);
    // The window's timer no longer holds the output watermark at its end: holds left before the new
    // timer (a trigger that did not fire at the end of the window) now need entries of their own.
    for (const kw of bucket.values()) this.holds.refile(kw);
  }
}
