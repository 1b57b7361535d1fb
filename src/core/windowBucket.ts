/**
 * The state of one window across keys: its states by key (`KeyedStates`, a single key kept inline) and
 * its event-time timer (`WindowBucket`). The `WindowStore` files buckets by window start.
 */
import type { Instant } from '../time.js';
import type { Window } from '../windows/window.js';
import type { KeyWindow } from './keyWindow.js';

/** SameValueZero, the key equality of `Map`. */
const sameKey = (a: unknown, b: unknown): boolean => a === b || (a !== a && b !== b);

/**
 * Up to how many keys a window's string keys are also indexed in a dictionary-mode object: V8 finds one
 * of a thousand strings there in about half the time a `Map` takes, and more slowly than the `Map` at
 * tens of thousands (bench/dict.ts).
 */
const DICT_LIMIT = 8192;

/**
 * The states of one window by key, in insertion order. A session window usually holds a single key, so
 * a first key is kept inline and a `Map` is made only when a second one arrives. The `Map` keeps the
 * order; while the window holds at most {@link DICT_LIMIT} keys, string keys are found through `dict`.
 */
export class KeyedStates<K, V> {
  private soleKey: K | undefined = undefined;
  private sole: V | undefined = undefined;
  private map: Map<K, V> | undefined = undefined;
  /** Every string key of `map` while there are few enough (a prototype-less object, so any name is a key). */
  private dict: Record<string, V> | undefined = undefined;

  get size(): number {
    return this.map !== undefined ? this.map.size : this.sole !== undefined ? 1 : 0;
  }

  get(key: K): V | undefined {
    const dict = this.dict;
    if (dict !== undefined && typeof key === 'string') return dict[key];
    if (this.map !== undefined) return this.map.get(key);
    return this.sole !== undefined && sameKey(this.soleKey, key) ? this.sole : undefined;
  }

  set(key: K, value: V): void {
    if (this.map !== undefined) {
      this.map.set(key, value);
      this.index(key, value);
    } else if (this.sole === undefined || sameKey(this.soleKey, key)) {
      this.soleKey = key;
      this.sole = value;
    } else {
      this.map = new Map<K, V>([[this.soleKey as K, this.sole]]);
      this.map.set(key, value);
      this.dict = Object.create(null) as Record<string, V>;
      this.index(this.soleKey as K, this.sole);
      this.index(key, value);
      this.soleKey = undefined;
      this.sole = undefined;
    }
  }

  /** Files a string key in `dict`, or gives up the dictionary once the window holds too many keys. */
  private index(key: K, value: V): void {
    if (this.dict === undefined) return;
    if (this.map!.size > DICT_LIMIT) this.dict = undefined;
    else if (typeof key === 'string') this.dict[key] = value;
  }

  delete(key: K): void {
    if (this.map !== undefined) {
      this.map.delete(key);
      if (this.dict !== undefined && typeof key === 'string') delete this.dict[key];
    } else if (this.sole !== undefined && sameKey(this.soleKey, key)) {
      this.soleKey = undefined;
      this.sole = undefined;
    }
  }

  values(): Iterable<V> {
    if (this.map !== undefined) return this.map.values();
    return this.sole !== undefined ? [this.sole] : [];
  }

  clear(): void {
    this.map = undefined;
    this.dict = undefined;
    this.soleKey = undefined;
    this.sole = undefined;
  }
}

/**
 * All keys' state for one window (the states by key, inherited), with the window's event-time timer. The runner-core sets one
 * end-of-window (then garbage-collection) timer per key and window; since every key of a window has
 * the same times, one timer per window serves them all.
 */
export class WindowBucket<K, Acc> extends KeyedStates<unknown, KeyWindow<K, Acc>> {
  /** When the next event-time timer is due: the end of the window, then its garbage-collection time. */
  timer: Instant;
  /** Where `timer` sorts among equal times in the timer queue (the sequence number of its entry). */
  timerSeq = -1;
  /**
   * The bucket's entry in the timer queue (its sequence number and time); other entries of this bucket
   * are stale. Usually the entry of `timer`; after a move to a later time, an earlier entry that files
   * the bucket again under `timer` and `timerSeq` when it comes up (see `WindowStore.move`).
   */
  queuedSeq = -1;
  queuedAt: Instant = 0;
  alive = true;
  /** Another bucket with the same start but a different end (sessions, calendar windows). */
  sibling: WindowBucket<K, Acc> | undefined = undefined;
  /** The first bucket of its start in the store's index (the others are reached through `sibling`). */
  head = false;
  /** The window and its garbage-collection time change only when the bucket moves (see `WindowStore.move`). */
  window: Window;
  gcTime: Instant;
  /**
   * Once its store links each key's states (see `WindowStore.linkByKey`): the window's states in the
   * order they were made, no longer filed by key (the store finds them through the key).
   */
  private listed: KeyWindow<K, Acc>[] | undefined = undefined;
  /** The window {@link endHold} was read from, and what it read (see there). */
  private endOf: Window | undefined = undefined;
  private end: Instant | undefined = undefined;
  constructor(window: Window, gcTime: Instant, inputWatermark: Instant, endOfWindow: boolean) {
    super();
    this.window = window;
    this.gcTime = gcTime;
    this.timer = firstTimer(window, gcTime, inputWatermark, endOfWindow);
  }

  /**
   * The window's last instant, the element hold of every state of the window under end-of-window holds:
   * for memory, one number that all of them refer to. A number read from the window is copied into a
   * state as a number of its own (16 bytes a state: 8% of a state of the 1e5-keys bench row);
   * this field holds other values than numbers (it starts undefined), so its number is shared instead.
   */
  endHold(): Instant {
    if (this.endOf !== this.window) {
      this.endOf = this.window;
      this.end = this.window.maxTimestamp;
    }
    return this.end!;
  }

  override get size(): number {
    return this.listed !== undefined ? this.listed.length : super.size;
  }

  override values(): Iterable<KeyWindow<K, Acc>> {
    return this.listed ?? super.values();
  }

  /** From now on, lists its states in order without filing them by key (its store found them through the key). */
  listOnly(): void {
    if (this.listed !== undefined) return;
    this.listed = [...super.values()];
    super.clear();
  }

  /** Lists a new state without filing it by key: the window is {@link listOnly} from now on (a new window of a store that links its states has none filed). */
  list(kw: KeyWindow<K, Acc>): void {
    (this.listed ??= []).push(kw);
  }

  /** Takes a state off the list of a window that is {@link listOnly}. */
  unlist(kw: KeyWindow<K, Acc>): void {
    const i = this.listed?.indexOf(kw) ?? -1;
    if (i >= 0) this.listed!.splice(i, 1);
  }

  override clear(): void {
    super.clear();
    this.listed = undefined;
  }
}

/**
 * A window's first timer: its end, when every state gets an end-of-window timer and the end has not
 * passed (a window first seen after its end only needs its garbage-collection timer); otherwise its
 * garbage-collection time, until a trigger sets the end-of-window timer.
 */
export const firstTimer = (window: Window, gcTime: Instant, inputWatermark: Instant, endOfWindow: boolean): Instant =>
  endOfWindow && !(window.maxTimestamp < inputWatermark) ? window.maxTimestamp : gcTime;
