/**
 * A reducer's state as one JSON document, and back: every window with its timer, every key's state in
 * it (accumulator, holds, trigger state, last pane, closed and active flags), the processing-time
 * timers, the watermarks and the counters. Lists keep the order of the queues they come from (timers
 * in due order, ties in the order they were set; a window's keys in arrival order), so a restored
 * reducer emits exactly what the uninterrupted one would have. Under `accumulatingAndRetracting` each
 * state also carries the panes its next pane withdraws, with their windows (which may have merged away).
 * Beam keeps the same state in the
 * runner's state internals; Flink in a keyed state backend.
 */
import type { Coder, Encoded } from '../state/coder.js';
import { MIN_TIMESTAMP, type Instant } from '../time.js';
import { GLOBAL_WINDOW, intervalWindow, isGlobalWindow, type Window } from '../windows/window.js';
import type { WatermarkHolds } from './holds.js';
import { keyId } from './keyEncoding.js';
import type { KeyWindow } from './keyWindow.js';
import type { Pane, PaneInfo } from './pane.js';
import type { ReducerMetrics } from './reducerTypes.js';
import type { TriggerRunner } from './triggerRunner.js';
import type { WindowStore } from './windowStore.js';

/**
 * The version of {@link ReducerSnapshot}'s layout; a restore refuses any other. Fields added since
 * (`StateSnapshot.withdraw`) are optional, so earlier snapshots of this version still read.
 */
export const REDUCER_SNAPSHOT_VERSION = 1;

/**
 * A reducer's state (see `Reducer.snapshot`): plain JSON, keys and accumulators in their coders' forms.
 *
 * @category Durable state
 */
export interface ReducerSnapshot {
  readonly version: number;
  /** The windowing strategy it ran under (`describeStrategy`): a restore under another one is refused. */
  readonly strategy: string;
  readonly inputWatermark: Instant;
  readonly outputWatermark: Instant;
  readonly metrics: ReducerMetrics;
  /** Every open window, in the order its timer comes due. */
  readonly windows: readonly WindowSnapshot[];
  /** The processing-time timers in due order: [time, index of the state among all windows' states]. */
  readonly processingTimers: readonly (readonly [Instant, number])[];
}

/** One window of a {@link ReducerSnapshot}. */
export interface WindowSnapshot {
  readonly start: Instant;
  readonly end: Instant;
  /** Its pending event-time timer (end of window or garbage collection). */
  readonly timer: Instant;
  /** Its keys' states, in arrival order. */
  readonly states: readonly StateSnapshot[];
}

/** One key's state in one window of a {@link ReducerSnapshot}. */
export interface StateSnapshot {
  readonly key: Encoded;
  readonly acc?: Encoded;
  readonly nonEmpty: boolean;
  readonly closed: boolean;
  readonly active: boolean;
  readonly endOfWindowTimer: boolean;
  readonly previousPane?: PaneInfo;
  readonly elementHold?: Instant;
  readonly extraHold?: Instant;
  readonly trigger?: { readonly finished: readonly boolean[]; readonly data: readonly (number | null)[] };
  /** Under `accumulatingAndRetracting`: the panes its next pane withdraws first (absent: none). */
  readonly withdraw?: readonly PaneSnapshot[];
}

/** A pane filed to be withdrawn, in a {@link StateSnapshot}: its window's bounds, key and value in their coders' forms. */
export interface PaneSnapshot {
  readonly key: Encoded;
  readonly start: Instant;
  readonly end: Instant;
  readonly value: Encoded;
  readonly pane: PaneInfo;
  readonly timestamp: Instant;
}

/**
 * The coders a reducer's snapshot needs: one for keys, one for accumulators, and under
 * `accumulatingAndRetracting` one for the output values of the panes to withdraw.
 */
export interface SnapshotCoders<K, Acc, Out = unknown> {
  readonly key: Coder<K>;
  readonly acc: Coder<Acc>;
  /** Output values (the panes a retracting grouping withdraws later); needed only when there are some. */
  readonly out?: Coder<Out>;
}

/** The panes a retracting reducer will withdraw, per state (`PaneTracker`). */
interface SupersededPanes<K, Acc, Out> {
  /** Undefined unless the grouping retracts. */
  supersededPanes(): ReadonlyMap<KeyWindow<K, Acc>, readonly Pane<Out, K>[]> | undefined;
  restoreSuperseded(kw: KeyWindow<K, Acc>, panes: readonly Pane<Out, K>[]): void;
}

/** The parts of a reducer a snapshot reads and a restore writes. */
export interface SnapshotParts<K, Acc> {
  readonly store: WindowStore<K, Acc>;
  readonly holds: WatermarkHolds<K, Acc>;
  readonly triggers: TriggerRunner<K, Acc>;
  readonly metrics: ReducerMetrics;
  readonly strategy: string;
  /** Keeps the panes to withdraw under `accumulatingAndRetracting`. */
  readonly panes: SupersededPanes<K, Acc, unknown>;
  readonly inputWatermark: Instant;
  /** Sets the restored watermarks and reports them to the shell, as a step does. */
  readonly restored: (inputWatermark: Instant, outputWatermark: Instant) => void;
}

/** What the snapshot functions need of a reducer. */
interface Snapshottable<K, Acc> {
  snapshotParts(): SnapshotParts<K, Acc>;
}

/**
 * A reducer's whole state as plain JSON (keys and accumulators through `coders`), taken between steps.
 * A reducer built with the same configuration and given it by {@link restoreReducer} goes on exactly as
 * this one would. Flink: a keyed state backend's snapshot; Beam: the runner's persisted state.
 *
 * @category Durable state
 */
export function snapshotReducer<K, Acc, Out = unknown>(reducer: Snapshottable<K, Acc>, coders: SnapshotCoders<K, Acc, Out>): ReducerSnapshot {
  return takeSnapshot(reducer.snapshotParts(), coders);
}

/**
 * Restores a {@link snapshotReducer} snapshot into a reducer that has not run yet (before its first
 * input), then reports the output watermark and the next wake-up through its sink as a step does.
 * Refuses a snapshot of another layout version or taken under another windowing strategy, naming both.
 *
 * @category Durable state
 */
export function restoreReducer<K, Acc, Out = unknown>(reducer: Snapshottable<K, Acc>, snapshot: ReducerSnapshot, coders: SnapshotCoders<K, Acc, Out>): void {
  const parts = reducer.snapshotParts();
  if (parts.inputWatermark !== MIN_TIMESTAMP || parts.metrics.elementsIn !== 0 || parts.metrics.openWindows !== 0) {
    throw new Error('cannot restore into a reducer that has already run: restore before the first input');
  }
  restoreSnapshot(parts, snapshot, coders);
  parts.restored(snapshot.inputWatermark, snapshot.outputWatermark);
}

/** Takes a reducer's state; nothing in the reducer changes. */
function takeSnapshot<K, Acc, Out>(parts: SnapshotParts<K, Acc>, coders: SnapshotCoders<K, Acc, Out>): ReducerSnapshot {
  const superseded = parts.panes.supersededPanes() as ReadonlyMap<KeyWindow<K, Acc>, readonly Pane<Out, K>[]> | undefined;
  const index = new Map<KeyWindow<K, Acc>, number>();
  const windows: WindowSnapshot[] = [];
  for (const bucket of parts.store.bucketsInTimerOrder()) {
    const states: StateSnapshot[] = [];
    for (const kw of bucket.values()) {
      if (!kw.alive) continue;
      index.set(kw, index.size);
      const st = stateOf(kw, parts.store.isActive(kw), coders);
      const panes = superseded?.get(kw);
      states.push(panes === undefined || panes.length === 0 ? st : { ...st, withdraw: panes.map((p) => paneOf(p, coders)) });
    }
    windows.push({ start: bucket.window.start, end: bucket.window.end, timer: bucket.timer, states });
  }
  const processingTimers: (readonly [Instant, number])[] = [];
  for (const e of parts.triggers.processingTimers.entries()) {
    const i = index.get(e.item);
    if (i !== undefined) processingTimers.push([e.key, i]);
  }
  return {
    version: REDUCER_SNAPSHOT_VERSION,
    strategy: parts.strategy,
    inputWatermark: parts.inputWatermark,
    outputWatermark: parts.holds.output,
    metrics: { ...parts.metrics },
    windows,
    processingTimers,
  };
}

function stateOf<K, Acc>(kw: KeyWindow<K, Acc>, active: boolean, coders: SnapshotCoders<K, Acc>): StateSnapshot {
  const s: { -readonly [F in keyof StateSnapshot]: StateSnapshot[F] } = {
    key: coders.key.encode(kw.key),
    nonEmpty: kw.nonEmpty,
    closed: kw.closed,
    active,
    endOfWindowTimer: kw.endOfWindowTimer,
  };
  if (kw.acc !== undefined) s.acc = coders.acc.encode(kw.acc);
  if (kw.previousPane !== undefined) s.previousPane = { ...kw.previousPane };
  if (kw.elementHold !== undefined) s.elementHold = kw.elementHold;
  if (kw.extraHold !== undefined) s.extraHold = kw.extraHold;
  if (kw.trigger !== undefined) s.trigger = { finished: [...kw.trigger.finished], data: kw.trigger.data.map((d) => (d === undefined ? null : d)) };
  return s;
}

function paneOf<K, Acc, Out>(p: Pane<Out, K>, coders: SnapshotCoders<K, Acc, Out>): PaneSnapshot {
  return { key: coders.key.encode(p.key), start: p.window.start, end: p.window.end, value: outCoder(coders).encode(p.value), pane: { ...p.pane }, timestamp: p.timestamp };
}

function outCoder<K, Acc, Out>(coders: SnapshotCoders<K, Acc, Out>): Coder<Out> {
  if (coders.out === undefined) {
    throw new Error(`a retracting grouping's snapshot holds panes to withdraw: give SnapshotCoders an 'out' coder for their values`);
  }
  return coders.out;
}

/** Restores a snapshot into a reducer's parts, which hold no state yet. */
function restoreSnapshot<K, Acc, Out>(parts: SnapshotParts<K, Acc>, snapshot: ReducerSnapshot, coders: SnapshotCoders<K, Acc, Out>): void {
  if (snapshot.version !== REDUCER_SNAPSHOT_VERSION) {
    throw new Error(`cannot restore a reducer snapshot of layout version ${String(snapshot.version)}: this version reads ${REDUCER_SNAPSHOT_VERSION}`);
  }
  if (snapshot.strategy !== parts.strategy) {
    throw new Error(`cannot restore: the snapshot was taken under the windowing strategy ${snapshot.strategy}, this pipeline runs ${parts.strategy}`);
  }
  const { store, holds, triggers } = parts;
  const states: KeyWindow<K, Acc>[] = [];
  for (const w of snapshot.windows) {
    const bucket = store.restoreBucket(windowOf(w.start, w.end), w.timer);
    for (const st of w.states) {
      const key = coders.key.decode(st.key);
      const kw = store.inBucket(bucket, keyId(key), key);
      if (!st.active && store.isActive(kw)) store.deactivate(kw);
      if (st.acc !== undefined) kw.acc = coders.acc.decode(st.acc);
      kw.nonEmpty = st.nonEmpty;
      kw.closed = st.closed;
      kw.endOfWindowTimer = st.endOfWindowTimer;
      if (st.previousPane !== undefined) kw.previousPane = { ...st.previousPane };
      kw.elementHold = st.elementHold;
      kw.extraHold = st.extraHold;
      if (st.trigger !== undefined) kw.trigger = { finished: [...st.trigger.finished], data: st.trigger.data.map((d) => (d === null ? undefined : d)) };
      if (st.withdraw !== undefined && st.withdraw.length > 0) {
        const out = outCoder(coders);
        const panes = st.withdraw.map((p): Pane<Out, K> => ({ key: coders.key.decode(p.key), window: windowOf(p.start, p.end), value: out.decode(p.value), pane: { ...p.pane }, timestamp: p.timestamp }));
        (parts.panes as SupersededPanes<K, Acc, Out>).restoreSuperseded(kw, panes);
      }
      states.push(kw);
    }
  }
  for (const kw of states) {
    const h = kw.hold();
    if (h !== undefined) holds.track(h, kw);
  }
  for (const [at, i] of snapshot.processingTimers) {
    const kw = states[i];
    if (kw === undefined) throw new Error(`cannot restore: a processing-time timer refers to state ${i} of ${states.length}`);
    triggers.processingTimers.push(at, kw);
  }
  holds.output = snapshot.outputWatermark;
  Object.assign(parts.metrics, snapshot.metrics);
}

const windowOf = (start: Instant, end: Instant): Window => {
  const w = intervalWindow(start, end);
  return isGlobalWindow(w) ? GLOBAL_WINDOW : w;
};
