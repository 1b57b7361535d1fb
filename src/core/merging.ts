/**
 * The pure parts of merging windows (session windows): which of a key's windows merge, and how their
 * contents combine. Beam: `MergingActiveWindowSet`, `ReduceFnRunner.onMerge` (holds: `holds.ts`).
 */
import type { CombineFn } from '../combiners/combineFn.js';
import type { Instant } from '../time.js';
import { mergeOverlappingWindows } from '../windows/sessionWindows.js';
import { compareWindows, sameWindow, spanWindows, windowsIntersect, type Window } from '../windows/window.js';
import type { WindowFn } from '../windows/windowFn.js';
import type { ActiveWindows } from './activeWindows.js';
import type { KeyWindow } from './keyWindow.js';

/** One merge to carry out: the key's open states that go into `result` (none when only new windows merge). */
export interface PlannedMerge<K, Acc> {
  readonly result: Window;
  readonly sources: readonly KeyWindow<K, Acc>[];
}

/** Where each merged window went: looked up by window bounds. */
export interface MergeTargets {
  get(w: Window): Window | undefined;
}

const NO_MERGES: { mergedInto: MergeTargets; merges: never[] } = { mergedInto: { get: () => undefined }, merges: [] };

/** Where {@link intersecting} collects, reused: it runs for every element under session windows. */
const scratch: unknown[] = [];

/**
 * The open windows of a key that intersect `w`, in window order; undefined when none does or one of
 * them is `w`. Found in the key's ordered open windows (O(log n) for n open sessions); `scan` looks at
 * every open window instead, the plain path the specs compare it with.
 */
function intersecting<K, Acc>(active: ActiveWindows<KeyWindow<K, Acc>>, w: Window, scan: boolean): KeyWindow<K, Acc>[] | undefined {
  const found = scratch as KeyWindow<K, Acc>[];
  let same = false;
  if (!scan) same = active.overlapping(w, found);
  else {
    for (const kw of active.toArray()) {
      const a = kw.bucket.window;
      if (sameWindow(a, w)) same = true;
      if (windowsIntersect(a, w)) found.push(kw);
    }
  }
  // An array literal for the common single source: a first push onto [] reserves room for 17 entries.
  const out = same || found.length === 0 ? undefined : found.length === 1 ? [found[0]] : found.slice();
  while (found.length > 0) found.pop();
  return out;
}

/** The open windows of a key that intersect at least one of `windows` (sessions), each once. */
function meetingAny<K, Acc>(active: ActiveWindows<KeyWindow<K, Acc>>, windows: readonly Window[]): KeyWindow<K, Acc>[] {
  const found: KeyWindow<K, Acc>[] = [];
  for (const w of windows) active.overlapping(w, found);
  return found.length > 1 ? [...new Set(found)] : found;
}

/**
 * The merge one new window causes under {@link mergeOverlappingWindows}, planned without maps or
 * sorting: a key's open windows never intersect one another (they would have merged), so the new window
 * merges with exactly the open windows it intersects, into their span (the open window itself when it
 * already covers the new one). None when it equals an open window or meets none. Sources in window order.
 */
export function mergeOfOne<K, Acc>(active: ActiveWindows<KeyWindow<K, Acc>> | undefined, w: Window, scan = false): PlannedMerge<K, Acc> | undefined {
  if (active === undefined) return undefined;
  const sources = intersecting(active, w, scan);
  if (sources === undefined) return undefined;
  if (sources.length === 1) {
    const a = sources[0].bucket.window;
    return { result: a.start <= w.start && a.end >= w.end ? a : spanWindows(a, w), sources };
  }
  let result = w;
  for (const s of sources) result = spanWindows(result, s.bucket.window);
  return { result, sources };
}

/**
 * Merges a key's open windows with the windows a bundle brings. Returns where each merged window went
 * (by window bounds) and the merges, with sources (the open windows merged, in window order; none when
 * only new windows merge).
 *
 * Under {@link mergeOverlappingWindows} only the open windows that intersect an incoming window are
 * candidates: open windows never intersect one another, and a run of merging windows covers its span
 * without gaps, so an open window in a run intersects one of the run's incoming windows.
 */
export function planMerges<K, Acc>(
  windowFn: WindowFn,
  active: ActiveWindows<KeyWindow<K, Acc>> | undefined,
  incoming: readonly Window[],
  scan = false,
): { mergedInto: MergeTargets; merges: PlannedMerge<K, Acc>[] } {
  const sessions = windowFn.mergeWindows === mergeOverlappingWindows;
  if (sessions && incoming.length === 1) {
    const w = incoming[0];
    const merge = mergeOfOne(active, w, scan);
    if (merge === undefined) return NO_MERGES;
    const { result, sources } = merge;
    const goes = (q: Window) => sameWindow(q, w) || sources.some((s) => sameWindow(q, s.bucket.window));
    return { mergedInto: { get: (q) => (goes(q) ? result : undefined) }, merges: [merge] };
  }
  const open = active === undefined ? [] : sessions && !scan ? meetingAny(active, incoming) : active.toArray();
  const candidates: Window[] = open.map((kw) => kw.bucket.window);
  const seen = new WindowMap<boolean>();
  for (const w of candidates) seen.set(w, true);
  for (const w of incoming) {
    if (seen.get(w) === undefined) {
      seen.set(w, true);
      candidates.push(w);
    }
  }
  const mergedInto = new WindowMap<Window>();
  const merges: PlannedMerge<K, Acc>[] = [];
  for (const merge of windowFn.mergeWindows!(candidates)) {
    const ids = new WindowMap<boolean>();
    for (const w of merge.toMerge) {
      ids.set(w, true);
      mergedInto.set(w, merge.result);
    }
    const sources = open.filter((kw) => ids.get(kw.bucket.window) !== undefined).sort((a, b) => compareWindows(a.bucket.window, b.bucket.window));
    merges.push({ result: merge.result, sources });
  }
  return { mergedInto, merges };
}

/**
 * A map keyed by a window's bounds (two windows with the same start and end are the same key), without
 * building a string id per window: merge planning runs for every element under session windows. A key
 * has a handful of open sessions, so entries are scanned in arrays until there are many, and only then
 * indexed by start.
 */
export class WindowMap<V> {
  private readonly starts: Instant[] = [];
  private readonly ends: Instant[] = [];
  private readonly values: V[] = [];
  private byStart: Map<Instant, number[]> | undefined = undefined;

  private indexOf(w: Window): number {
    if (this.byStart === undefined) {
      const starts = this.starts;
      for (let i = 0; i < starts.length; i++) if (starts[i] === w.start && this.ends[i] === w.end) return i;
      return -1;
    }
    const at = this.byStart.get(w.start);
    if (at !== undefined) for (const i of at) if (this.ends[i] === w.end) return i;
    return -1;
  }

  get(w: Window): V | undefined {
    const i = this.indexOf(w);
    return i < 0 ? undefined : this.values[i];
  }

  set(w: Window, value: V): void {
    const i = this.indexOf(w);
    if (i >= 0) {
      this.values[i] = value;
      return;
    }
    const n = this.starts.push(w.start);
    this.ends.push(w.end);
    this.values.push(value);
    if (this.byStart !== undefined) this.indexAt(n - 1);
    else if (n > SCAN_LIMIT) {
      this.byStart = new Map();
      for (let k = 0; k < n; k++) this.indexAt(k);
    }
  }

  private indexAt(i: number): void {
    const list = this.byStart!.get(this.starts[i]);
    if (list === undefined) this.byStart!.set(this.starts[i], [i]);
    else list.push(i);
  }
}

/** Up to this many windows a linear scan beats hashing. */
const SCAN_LIMIT = 8;

/**
 * Moves the contents of `sources` into `target` (the result window's state): accumulators merged with
 * the CombineFn, the non-empty marks or-ed. The holds are merged by `WatermarkHolds.merge`.
 */
export function mergeContents<K, In, Acc, Out>(target: KeyWindow<K, Acc>, sources: readonly KeyWindow<K, Acc>[], fn: CombineFn<In, Acc, Out>): void {
  let accs: Acc[] | undefined;
  let acc: Acc | undefined;
  let nonEmpty = false;
  for (const s of sources) {
    if (s.acc !== undefined) {
      if (acc === undefined) acc = s.acc;
      else (accs ??= [acc]).push(s.acc);
    }
    nonEmpty ||= s.nonEmpty;
  }
  target.acc = accs !== undefined ? fn.mergeAccumulators(accs) : acc;
  target.nonEmpty = nonEmpty;
}
