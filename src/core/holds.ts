/**
 * Watermark holds and the output watermark they hold back: Beam's `WatermarkHold`, with the output
 * watermark refresh a runner does around it. A hold lives on its state (`KeyWindow.elementHold` and
 * `extraHold`, read together through `KeyWindow.hold()`); this module decides when a hold is placed,
 * merged and released, and files it in a queue so the output watermark can find the earliest one.
 */
import { MIN_TIMESTAMP, type Instant } from '../time.js';
import type { WindowFn } from '../windows/windowFn.js';
import { MinHeap } from './heap.js';
import type { TimestampCombiner } from './strategy.js';
import type { KeyWindow } from './keyWindow.js';
import type { WindowStore } from './windowStore.js';

/**
 * The holds of one reducer: where each state's hold is filed, and the output watermark they hold back.
 * Beam: `WatermarkHold` (per key and window) plus the output watermark its runner derives from the holds.
 */
export class WatermarkHolds<K, Acc> {
  /** The output watermark: the input watermark held back by pending holds and timers. Never decreases. */
  output: Instant = MIN_TIMESTAMP;
  /** The filed holds; an entry is stale once its state died or its hold moved (lazy deletion). */
  private readonly filed = new MinHeap<KeyWindow<K, Acc>>();

  constructor(
    private readonly combiner: TimestampCombiner,
    private readonly windowFn: WindowFn | undefined,
    private readonly allowedLateness: number,
  ) {}

  /**
   * Beam's `WatermarkHold.addHolds`: an element that can still be on time holds the output watermark at
   * its timestamp (as the timestamp combiner maps it: the end of the window, the earliest or the latest
   * time, or the window function's `outputTime`); an element too late for that (its hold would be behind
   * the output watermark, or its window's end behind the input watermark) gets a garbage-collection hold.
   */
  add(kw: KeyWindow<K, Acc>, timestamp: Instant, inputWm: Instant): void {
    const window = kw.bucket.window;
    const before = kw.hold();
    const combiner = this.combiner;
    const h =
      combiner === 'endOfWindow'
        ? kw.bucket.endHold()
        : combiner === 'earliestTransformed'
          ? (this.windowFn?.outputTime?.(timestamp, window) ?? timestamp)
          : timestamp;
    if (!(h < this.output) && !(window.maxTimestamp < inputWm)) {
      const e = kw.elementHold;
      if (e === undefined) kw.elementHold = h;
      else if (combiner === 'latest') kw.elementHold = h > e ? h : e;
      else kw.elementHold = h < e ? h : e;
    } else {
      this.addGc(kw, inputWm);
    }
    const after = kw.hold();
    if (after !== undefined && after !== before) this.track(after, kw);
  }

  /**
   * Beam's `WatermarkHold.addGarbageCollectionHold`: with allowed lateness, a state holds the output
   * watermark at its window's garbage-collection time, so that a late pane is not behind the output
   * watermark; none once that time has passed, and none without lateness (the end-of-window timer
   * holds the window then).
   */
  addGc(kw: KeyWindow<K, Acc>, inputWm: Instant): void {
    if (this.allowedLateness <= 0) return;
    const gc = kw.bucket.gcTime;
    if (gc < inputWm) return;
    kw.extraHold = kw.extraHold === undefined || gc < kw.extraHold ? gc : kw.extraHold;
  }

  /**
   * Files a hold for the output watermark. A hold at or after its window's pending timer needs no entry:
   * the timer holds the output watermark at least as far back (end-of-window holds, garbage-collection
   * holds), until the timer moves on, when the remaining holds are filed (see {@link refile}).
   */
  track(h: Instant, kw: KeyWindow<K, Acc>): void {
    if (h < kw.bucket.timer) this.filed.push(h, kw);
  }

  /** Files a live state's current hold again: its window's timer moved past the end of the window. */
  refile(kw: KeyWindow<K, Acc>): void {
    const h = kw.alive ? kw.hold() : undefined;
    if (h !== undefined) this.track(h, kw);
  }

  /**
   * Beam's `WatermarkHold.onMerge`: the merged state's element hold combines the sources' (earliest:
   * min, latest: max). An end-of-window hold is placed anew at the result's end, with the same "too
   * late" checks as an element's hold: none when that end is behind the input or the output watermark,
   * since such a merged session can no longer be on time and must not hold the output watermark at its
   * end. The garbage-collection hold is placed afresh and the result filed.
   *
   * `filedBelow` exists for speed (a session merges a state with itself on most elements): when the
   * target is the only source, the time of its window's timer before the merge. Its hold had an entry
   * then if it lay before that time (see {@link track}), so an unchanged hold is not filed again.
   */
  merge(target: KeyWindow<K, Acc>, sources: readonly KeyWindow<K, Acc>[], inputWm: Instant, filedBelow = Number.NEGATIVE_INFINITY): void {
    const before = target.hold();
    if (this.combiner === 'endOfWindow') {
      const end = target.bucket.endHold();
      target.elementHold = sources.length > 0 && !(end < this.output) && !(end < inputWm) ? end : undefined;
    } else {
      const latest = this.combiner === 'latest';
      let hold: Instant | undefined;
      for (const s of sources) {
        const h = s.elementHold;
        if (h !== undefined) hold = hold === undefined ? h : latest ? Math.max(hold, h) : Math.min(hold, h);
      }
      target.elementHold = hold;
    }
    target.extraHold = undefined;
    this.addGc(target, inputWm);
    const h = target.hold();
    if (h !== undefined && !(h === before && h < filedBelow)) this.track(h, target);
  }

  /**
   * Beam's `WatermarkHold.extractAndRelease`: the timestamp of the pane a state emits now, and its holds
   * released. The timestamp is the hold, capped at the end of the window (a hold past the window is a
   * garbage-collection hold), except the transformed times of 'earliestTransformed', which may lie after
   * the window on purpose; the end of the window when nothing held. A state that stays open under
   * `closingBehavior: 'fireAlways'` keeps a garbage-collection hold for the final pane it will emit
   * (`keepGcHold`).
   */
  extractAndRelease(kw: KeyWindow<K, Acc>, keepGcHold: boolean, inputWm: Instant): Instant {
    const end = kw.bucket.window.maxTimestamp;
    const held = kw.hold();
    const transformed = this.combiner === 'earliestTransformed' ? kw.elementHold : undefined;
    const timestamp = transformed ?? (held === undefined || held > end ? end : held);
    kw.elementHold = undefined;
    kw.extraHold = undefined;
    if (keepGcHold) {
      this.addGc(kw, inputWm);
      const h = kw.hold();
      if (h !== undefined) this.track(h, kw);
    }
    return timestamp;
  }

  /**
   * Moves the output watermark to the input watermark held back by the earliest event-time timer (a
   * window that is still to fire at its end or its garbage-collection time) and the earliest live hold.
   * It never moves back.
   */
  refresh(inputWm: Instant, store: WindowStore<K, Acc>): void {
    let t = inputWm;
    const timer = store.earliestTimer();
    if (timer < t) t = timer;
    const filed = this.filed;
    while (filed.size > 0 && (!filed.peek()!.alive || filed.peek()!.hold() !== filed.peekKey())) filed.pop();
    if (filed.peekKey() < t) t = filed.peekKey();
    if (t > this.output) this.output = t;
  }

  /** Forgets every filed hold. */
  clear(): void {
    this.filed.clear();
  }
}
