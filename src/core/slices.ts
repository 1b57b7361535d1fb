/**
 * Sliding windows add every element to each of its windows, six times for 60 s windows every 10 s. But
 * every time in one period-long slice of time belongs to the same windows (`WindowFn.slices`), so the
 * elements of a key and slice can be added once, into an accumulator of the slice, and that accumulator
 * merged into each of the slice's windows before any of them is read: when the watermark passes the
 * slice (just before its oldest window fires), and before a snapshot. Flink's SQL window aggregations
 * slice windows the same way; Beam adds to every window.
 *
 * The panes are the same as adding to every window, because a slice is used only where nothing but the
 * accumulator would change:
 * - the CombineFn merges exactly (`ExactMerge`: counts, sums and means of whole numbers, minima and
 *   maxima of numbers), every element added to a slice is one it accepts, and every window's
 *   accumulator is exact when the slice opens;
 * - the trigger is the end of the window alone and holds are at the end of the window, and every window
 *   of the slice has a settled state for the key (an element, its hold, open), so an on-time element
 *   changes nothing else in any of them (see `KeyWindow.isSettled`);
 * - an element goes to a slice only while it is on time for every window of the slice.
 * The first element a CombineFn does not accept merges every slice into its windows and ends slicing
 * for the grouping: an inexact accumulator in a window would make later merges inexact.
 *
 * Two checks follow from the reducer's invariants and are kept so that the rules can be read where they
 * apply: a state counts as settled only when it is (`ElementPath.addToSeveral`; an on-time state under
 * an end-of-window trigger always is once it holds an element), and no slice opens for an element
 * already late for its oldest window ({@link Slices.open}: it would get no element and merge nothing).
 * `spec/core/slices.spec.ts` compares it all with the plain path.
 */
import type { CombineFn } from '../combiners/combineFn.js';
import type { ExactMerge } from '../combiners/exactMerge.js';
import { slotStart } from '../internal/math.js';
import type { Instant } from '../time.js';
import type { Window } from '../windows/window.js';
import type { WindowSlices } from '../windows/windowFn.js';
import type { KeyWindow } from './keyWindow.js';
import { KeyedStates } from './windowBucket.js';

/**
 * A key's open slices, at most two at once (data near a slice boundary goes to two), each with its
 * start (NaN while the place is free), the latest watermark its elements are on time at (its oldest
 * window's maximum timestamp), its accumulator and the key's states in its windows. Both are written
 * out in one object: an element reaches its slice's accumulator in two loads.
 */
interface KeySlices<K, Acc> {
  readonly id: unknown;
  startA: Instant;
  limitA: Instant;
  accA: Acc | undefined;
  readonly statesA: (KeyWindow<K, Acc> | undefined)[];
  startB: Instant;
  limitB: Instant;
  accB: Acc | undefined;
  readonly statesB: (KeyWindow<K, Acc> | undefined)[];
}

/** The keys with a slice open in one slice of time. */
interface SliceTime<K, Acc> {
  readonly start: Instant;
  readonly limit: Instant;
  readonly keys: KeySlices<K, Acc>[];
}

/** The open slices of one grouping (see the module's description). */
export class Slices<In, K, Acc> {
  /** Each key's open slices, while it has one. */
  private readonly byKey = new KeyedStates<unknown, KeySlices<K, Acc>>();
  /** The slice times with open slices, by start; few at once (a slice closes once the watermark passes it). */
  private readonly times = new Map<Instant, SliceTime<K, Acc>>();
  /** The slice time a slice opened in last (the keys of a slice time open one after another). */
  private lastTime: SliceTime<K, Acc> | undefined = undefined;

  constructor(
    private readonly shape: WindowSlices,
    private readonly fn: CombineFn<In, Acc, unknown>,
    readonly merge: ExactMerge<In, Acc>,
  ) {}

  /** How many windows an element added to a slice goes to (for the count of element-window pairs). */
  get windowsPerElement(): number {
    return this.shape.windows;
  }

  /**
   * Adds an element at `t` to its key's slice, when the key has one open there and the element is on
   * time at `inputWm` for all the slice's windows. False, having changed nothing, otherwise.
   */
  add(id: unknown, value: In, t: Instant, inputWm: Instant): boolean {
    const mine = this.byKey.get(id);
    if (mine === undefined) return false;
    const period = this.shape.period;
    const fn = this.fn;
    if (t >= mine.startA && t < mine.startA + period) {
      if (inputWm > mine.limitA) return false;
      const acc = mine.accA!;
      const next = fn.addInput(acc, value);
      if (next !== acc) mine.accA = next;
      return true;
    }
    if (t >= mine.startB && t < mine.startB + period) {
      if (inputWm > mine.limitB) return false;
      const acc = mine.accB!;
      const next = fn.addInput(acc, value);
      if (next !== acc) mine.accB = next;
      return true;
    }
    return false;
  }

  /**
   * Opens the key's slice of an element's windows (newest first, as the window function gave them),
   * given the key's state in each, settled (see the module's description), at input watermark `inputWm`.
   * Nothing is opened unless every window is on time and every accumulator exact, or when the key has
   * two slices open already.
   */
  open(id: unknown, windows: readonly Window[], states: readonly KeyWindow<K, Acc>[], inputWm: Instant): void {
    const { period, windows: n } = this.shape;
    if (windows.length !== n) return;
    const start = windows[0].start;
    const limit = windows[n - 1].maxTimestamp;
    if (inputWm > limit) return;
    // The shape the window function promised: the newest window starts with the slice, the oldest ends with it.
    if (windows[n - 1].end !== start + period || slotStart(start, period, this.shape.offset) !== start) return;
    for (let k = 0; k < n; k++) if (!this.merge.exact(states[k].acc!)) return;
    let mine = this.byKey.get(id);
    if (mine === undefined) {
      mine = { id, startA: NaN, limitA: NaN, accA: undefined, statesA: [], startB: NaN, limitB: NaN, accB: undefined, statesB: [] };
      this.byKey.set(id, mine);
    }
    if (mine.startA === start || mine.startB === start) return;
    let into: (KeyWindow<K, Acc> | undefined)[];
    if (Number.isNaN(mine.startA)) {
      mine.startA = start;
      mine.limitA = limit;
      mine.accA = this.fn.createAccumulator();
      into = mine.statesA;
    } else if (Number.isNaN(mine.startB)) {
      mine.startB = start;
      mine.limitB = limit;
      mine.accB = this.fn.createAccumulator();
      into = mine.statesB;
    } else return;
    for (let k = 0; k < n; k++) into[k] = states[k];
    let time = this.lastTime;
    if (time === undefined || time.start !== start) {
      time = this.times.get(start);
      if (time === undefined) this.times.set(start, (time = { start, limit, keys: [] }));
      this.lastTime = time;
    }
    time.keys.push(mine);
  }

  /** Merges every slice whose elements are no longer on time at `watermark` into its windows. */
  closeBefore(watermark: Instant): void {
    for (const time of this.times.values()) if (time.limit < watermark) this.close(time);
  }

  /** Merges every open slice into its windows (before a snapshot, or once slicing ends). */
  closeAll(): void {
    for (const time of this.times.values()) this.close(time);
  }

  /** Forgets every slice (the grouping's state is dropped). */
  clear(): void {
    this.byKey.clear();
    this.times.clear();
    this.lastTime = undefined;
  }

  /** True while some slice is open. */
  get isOpen(): boolean {
    return this.times.size !== 0;
  }

  private close(time: SliceTime<K, Acc>): void {
    for (const mine of time.keys) {
      if (mine.startA === time.start) {
        this.mergeInto(mine.statesA, mine.accA!);
        mine.startA = NaN;
        mine.accA = undefined;
      } else {
        this.mergeInto(mine.statesB, mine.accB!);
        mine.startB = NaN;
        mine.accB = undefined;
      }
      // A key with no slice open is forgotten, so that only keys with open slices are kept.
      if (Number.isNaN(mine.startA) && Number.isNaN(mine.startB)) this.byKey.delete(mine.id);
    }
    this.times.delete(time.start);
    if (this.lastTime === time) this.lastTime = undefined;
  }

  /** Merges a slice's accumulator into its windows' and lets go of their states. */
  private mergeInto(states: (KeyWindow<K, Acc> | undefined)[], acc: Acc): void {
    const merge = this.merge;
    for (let k = 0; k < this.shape.windows; k++) {
      const kw = states[k]!;
      kw.acc = merge.mergeInto(kw.acc!, acc);
      states[k] = undefined;
    }
  }
}
