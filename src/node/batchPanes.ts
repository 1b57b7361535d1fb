/**
 * A worker's fold of its part of a batch, and the panes it sends back: in columns (times and pane info
 * in typed arrays, keys and values in arrays), each pane tagged with what places it in the
 * single-thread run's order (see paneOrder.ts).
 */
import { Observable } from 'rxjs';
import type { CombineFn } from '../combiners/combineFn.js';
import { encodeKey } from '../core/keyEncoding.js';
import type { Pane, PaneTiming } from '../core/pane.js';
import { intervalWindow, type Window } from '../windows/window.js';
import type { BatchFold } from './batchFold.js';
import { pipelineWith } from './batchFold.js';
import { eventsOf, type BatchPart } from './batchPartition.js';

/** Panes emitted when the batch ends (the watermark's move to +infinity) carry this cause. */
export const AT_END = -1;

/** The panes of one part, in the order the worker's pipeline emitted them. */
export interface FoldedPart {
  readonly keys: unknown[];
  readonly values: unknown[];
  /** start, end and timestamp of pane i at 3i, 3i + 1, 3i + 2. */
  readonly times: Float64Array;
  /** timing code, index and onTimeIndex of pane i at 3i, 3i + 1, 3i + 2. */
  readonly info: Int32Array;
  /** isFirst (1), isLast (2), retraction (4). */
  readonly flags: Uint8Array;
  /** The batch position of the event during which the pane was emitted, or {@link AT_END}. */
  readonly cause: Float64Array;
  /** The batch position of the first event of the pane's key and window. */
  readonly first: Float64Array;
  /** Milliseconds the fold took in the worker (rebuilding events and the pipeline). */
  readonly foldMs: number;
}

/** A failure inside a worker, with the batch position of the event being folded (or {@link AT_END}). */
export interface FoldFailure {
  readonly name: string;
  readonly message: string;
  readonly at: number;
}

const TIMINGS: readonly PaneTiming[] = ['EARLY', 'ON_TIME', 'LATE'];

interface Tagged<Acc> {
  acc: Acc;
  readonly first: number;
}

/**
 * `combine` with each accumulator tagged with the batch position of the event that created it, which is
 * the first event of its key and window: the single-thread run orders a window's keys that way.
 */
function tagging<T, Acc, V>(combine: CombineFn<T, Acc, V>, now: () => number): CombineFn<T, Tagged<Acc>, { value: V; first: number }> {
  const compact = combine.compact;
  const retract = combine.retractInput;
  return {
    createAccumulator: () => ({ acc: combine.createAccumulator(), first: now() }),
    addInput: (t, input) => {
      t.acc = combine.addInput(t.acc, input);
      return t;
    },
    mergeAccumulators: (ts) => ({ acc: combine.mergeAccumulators(ts.map((t) => t.acc)), first: Math.min(...ts.map((t) => t.first)) }),
    extractOutput: (t) => ({ value: combine.extractOutput(t.acc), first: t.first }),
    ...(compact === undefined ? {} : { compact: (t: Tagged<Acc>) => ((t.acc = compact.call(combine, t.acc)), t) }),
    ...(retract === undefined ? {} : { retractInput: (t: Tagged<Acc>, input: T) => ((t.acc = retract.call(combine, t.acc, input)), t) }),
  };
}

/** Folds one part with the definition's pipeline (run by a worker). */
export function foldPart(definition: BatchFold<unknown>, part: BatchPart, now: () => number): { folded?: FoldedPart; failure?: FoldFailure } {
  const started = now();
  const each = eventsOf(part, definition.columns);
  let cause = AT_END;
  const source = new Observable<unknown>((subscriber) => {
    each((at, e) => {
      cause = at;
      subscriber.next(e);
      return !subscriber.closed;
    });
    cause = AT_END;
    subscriber.complete();
  });
  const panes: Pane<{ value: unknown; first: number }, unknown>[] = [];
  const causes: number[] = [];
  let failure: FoldFailure | undefined;
  source.pipe(pipelineWith(definition, tagging(definition.combine, () => cause))).subscribe({
    next: (p) => {
      panes.push(p);
      causes.push(cause);
    },
    error: (e: unknown) => {
      const err = e instanceof Error ? e : new Error(String(e));
      failure = { name: err.name, message: err.message, at: cause };
    },
  });
  if (failure !== undefined) return { failure };
  const n = panes.length;
  const coder = definition.valueCoder;
  const folded: FoldedPart = {
    keys: new Array(n),
    values: new Array(n),
    times: new Float64Array(3 * n),
    info: new Int32Array(3 * n),
    flags: new Uint8Array(n),
    cause: Float64Array.from(causes),
    first: new Float64Array(n),
    foldMs: 0,
  };
  // A discarding firing gives the key and window a new accumulator, made after the window's first event:
  // a later pane takes its first event from the window's first pane (kept only while more may follow).
  const firstOf = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const p = panes[i];
    folded.keys[i] = p.key;
    folded.values[i] = coder === undefined ? p.value.value : coder.encode(p.value.value);
    let first = p.value.first;
    if (!p.pane.isFirst || !p.pane.isLast) {
      const id = `${p.window.start}:${p.window.end}:${encodeKey(p.key)}`;
      if (p.pane.isFirst) firstOf.set(id, first);
      else first = firstOf.get(id) ?? first;
    }
    folded.first[i] = first;
    folded.times[3 * i] = p.window.start;
    folded.times[3 * i + 1] = p.window.end;
    folded.times[3 * i + 2] = p.timestamp;
    folded.info[3 * i] = TIMINGS.indexOf(p.pane.timing);
    folded.info[3 * i + 1] = p.pane.index;
    folded.info[3 * i + 2] = p.pane.onTimeIndex;
    folded.flags[i] = (p.pane.isFirst ? 1 : 0) | (p.pane.isLast ? 2 : 0) | (p.retraction === true ? 4 : 0);
  }
  return { folded: { ...folded, foldMs: now() - started } };
}

/** The buffers of a folded part, to transfer instead of copy. */
export function foldedTransferList(f: FoldedPart): ArrayBuffer[] {
  return [f.times, f.info, f.flags, f.cause, f.first].map((a) => a.buffer as ArrayBuffer);
}

/**
 * Pane `i` of a folded part, rebuilt as the single-thread pipeline emits it (windows are shared per
 * start and end through `windows`, as a pipeline shares one window object across its keys).
 */
export function paneOf<V, K>(f: FoldedPart, i: number, windows: Map<string, Window>, decode: ((v: never) => V) | undefined): Pane<V, K> {
  const start = f.times[3 * i];
  const end = f.times[3 * i + 1];
  const id = `${start}:${end}`;
  let window = windows.get(id);
  if (window === undefined) windows.set(id, (window = intervalWindow(start, end)));
  const flags = f.flags[i];
  const pane: Pane<V, K> = {
    key: f.keys[i] as K,
    window,
    value: decode === undefined ? (f.values[i] as V) : decode(f.values[i] as never),
    pane: { timing: TIMINGS[f.info[3 * i]], index: f.info[3 * i + 1], onTimeIndex: f.info[3 * i + 2], isFirst: (flags & 1) !== 0, isLast: (flags & 2) !== 0 },
    timestamp: f.times[3 * i + 2],
  };
  return (flags & 4) !== 0 ? { ...pane, retraction: true } : pane;
}
