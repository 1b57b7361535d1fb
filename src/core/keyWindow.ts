/**
 * The state of one key in one window, the record every part of the reducer works on. Each field names
 * the module that writes it; the others only read it.
 */
import type { Instant } from '../time.js';
import type { TriggerState } from '../triggers/stateMachine.js';
import type { ActiveEntry } from './activeWindows.js';
import type { PaneInfo } from './pane.js';
import type { WindowBucket } from './windowBucket.js';

const NON_EMPTY = 1;
const RELEASED = 2;
const CLOSED = 4;
const END_OF_WINDOW_TIMER = 8;
const DUE = 16;

/** State of one key in one window: accumulator, holds, trigger state and the last emitted pane. */
export class KeyWindow<K, Acc> {
  /** The combined input so far. Written by the reducer (an element), `PaneTracker` (cleared after a pane), `mergeContents` and `WindowStore.release`. */
  acc: Acc | undefined = undefined;
  /** The last pane emitted (Beam's `PaneInfoTracker` state). Written by `PaneTracker`; reset by `WindowMerger` when a state moves. */
  previousPane: PaneInfo | undefined = undefined;
  /** The element hold (Beam's `WatermarkHold`). Written by `WatermarkHolds` and `WindowStore.release`. */
  elementHold: Instant | undefined = undefined;
  /** The garbage-collection hold. Written by `WatermarkHolds` and `WindowStore.release`. */
  extraHold: Instant | undefined = undefined;
  /**
   * `activeEntry` under merging windows, `olderOfKey` under windows that do not merge: one field for the
   * two, as no store needs both (8 bytes a state, which the 1e5-keys bench row's memory shows).
   */
  private link: ActiveEntry<KeyWindow<K, Acc>> | KeyWindow<K, Acc> | undefined = undefined;
  /**
   * The trigger's state, made on first use (see `TriggerRunner.stateOf`): under end-of-window triggers a
   * window needs none until it fires (about 100 bytes fewer per open window). Written by `TriggerRunner`.
   */
  trigger: TriggerState | undefined = undefined;
  constructor(
    /** The key as the first element of this state gave it: what its panes carry. */
    readonly key: K,
    /** The key's grouping identity (`keyId`): what the state is filed under. */
    readonly id: unknown,
    /** Its window's bucket (the window, its timer); the bucket moves with the state (`WindowStore.move`). */
    readonly bucket: WindowBucket<K, Acc>,
  ) {}

  /**
   * The yes/no fields below, as bits of one number: one open key-window is then 24 bytes smaller
   * (a field is 8 bytes on 64-bit Node), which the 1e5-keys bench row shows; the accessors inline.
   */
  private flags = 0;

  /** Its place among its key's open windows that can merge (merging window functions only), while it is one. Written by `WindowStore`. */
  get activeEntry(): ActiveEntry<KeyWindow<K, Acc>> | undefined {
    return this.link as ActiveEntry<KeyWindow<K, Acc>> | undefined;
  }
  set activeEntry(entry: ActiveEntry<KeyWindow<K, Acc>> | undefined) {
    this.link = entry;
  }

  /**
   * The same key's live state made before this one, in another window, while the store links each
   * key's states newest first (windows that do not merge, see `WindowStore.linkByKey`). Written by
   * `WindowStore`.
   */
  get olderOfKey(): KeyWindow<K, Acc> | undefined {
    return this.link as KeyWindow<K, Acc> | undefined;
  }
  set olderOfKey(older: KeyWindow<K, Acc> | undefined) {
    this.link = older;
  }

  /** Beam's NonEmptyPanes: an element arrived since the last firing. Written by the reducer, `PaneTracker` and `mergeContents`. */
  get nonEmpty(): boolean {
    return (this.flags & NON_EMPTY) !== 0;
  }
  set nonEmpty(on: boolean) {
    this.flags = on ? this.flags | NON_EMPTY : this.flags & ~NON_EMPTY;
  }

  /** False once released (garbage collection, merged away). Written by `WindowStore`. */
  get alive(): boolean {
    return (this.flags & RELEASED) === 0;
  }
  set alive(on: boolean) {
    this.flags = on ? this.flags & ~RELEASED : this.flags | RELEASED;
  }

  /**
   * The trigger's root has finished (Beam's closed window), kept here so the hot path reads no trigger
   * state. Written by `TriggerRunner`.
   */
  get closed(): boolean {
    return (this.flags & CLOSED) !== 0;
  }
  set closed(on: boolean) {
    this.flags = on ? this.flags | CLOSED : this.flags & ~CLOSED;
  }

  /**
   * The trigger set this state's end-of-window timer (Beam sets it only through a trigger: the watermark
   * and default triggers, for an element before the end). Read only when the store does not give every
   * state one (see `WindowStore`). Written by `TriggerRunner`; reset by `WindowMerger` when a state moves.
   */
  get endOfWindowTimer(): boolean {
    return (this.flags & END_OF_WINDOW_TIMER) !== 0;
  }
  set endOfWindowTimer(on: boolean) {
    this.flags = on ? this.flags | END_OF_WINDOW_TIMER : this.flags & ~END_OF_WINDOW_TIMER;
  }

  /** Taken out among the states whose processing-time timer is due, while `TriggerRunner.dueAt` gathers them (each once). Written by `TriggerRunner`. */
  get due(): boolean {
    return (this.flags & DUE) !== 0;
  }
  set due(on: boolean) {
    this.flags = on ? this.flags | DUE : this.flags & ~DUE;
  }

  /**
   * Holds an element since its last firing, open (neither released nor closed), with its element hold
   * placed: under end-of-window holds, an on-time element for it then only adds to its accumulator when
   * the trigger has nothing to do for it either (see `lastWindow.ts`). A method, not a getter: the compiler inlines a getter of
   * this size only where it has seen it called, which a rare first call leaves out.
   */
  isSettled(): boolean {
    return (this.flags & (NON_EMPTY | RELEASED | CLOSED)) === NON_EMPTY && this.elementHold !== undefined;
  }

  /** The watermark hold of this pane: the earlier of the element hold and the extra (garbage-collection) hold. */
  hold(): Instant | undefined {
    const e = this.elementHold;
    const x = this.extraHold;
    if (e === undefined) return x;
    if (x === undefined) return e;
    return e < x ? e : x;
  }
}
