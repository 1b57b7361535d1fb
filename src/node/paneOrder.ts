/**
 * The order of a parallel fold's panes: the order the single-thread pipeline emits them in.
 *
 * 1. Panes a trigger fires while events are folded (element counts, for instance) come first, in the
 *    order of the events that fired them; panes fired by one event keep the order they came in.
 * 2. Then the panes of the end of the batch, when the watermark moves to +infinity: by the window's
 *    last instant (`maxTimestamp`), then its start, then by the batch position of the first event of
 *    the pane's key in that window (a window lists its keys in the order they arrived).
 *
 * Each worker already emits its own panes in this order (a worker's keys are a subset of the batch's,
 * and their events keep their batch order), so the runs are merged, not sorted. For merging windows
 * (sessions), two windows of different keys that end at the same instant may come in the other order
 * than in a single-thread run; the set of panes is the same.
 */
import type { Pane } from '../core/pane.js';
import type { Window } from '../windows/window.js';
import { AT_END, paneOf, type FoldedPart } from './batchPanes.js';

/** Positive when pane `i` of `a` comes after pane `j` of `b` at the end of the batch. */
function compareAtEnd(a: FoldedPart, i: number, b: FoldedPart, j: number): number {
  const ta = a.times;
  const tb = b.times;
  return Math.ceil(ta[3 * i + 1]) - Math.ceil(tb[3 * j + 1]) || ta[3 * i] - tb[3 * j] || a.first[i] - b.first[j];
}

/** The positions of one part's panes in the two phases, each in the order of the merge. */
function runsOf(f: FoldedPart): [number[], number[]] {
  const during: number[] = [];
  const atEnd: number[] = [];
  for (let i = 0; i < f.cause.length; i++) (f.cause[i] === AT_END ? atEnd : during).push(i);
  let sorted = true;
  for (let k = 1; k < atEnd.length && sorted; k++) sorted = compareAtEnd(f, atEnd[k - 1], f, atEnd[k]) <= 0;
  // A pipeline whose windows end together in another order (sessions) is put in the documented one.
  if (!sorted) atEnd.sort((i, j) => compareAtEnd(f, i, f, j) || i - j);
  return [during, atEnd];
}

/**
 * Merges the folded parts of every worker into one list of panes, in the single-thread pipeline's order.
 *
 * @param decode - The definition's `valueCoder.decode`, when values were encoded for the trip.
 */
export function mergeFoldedParts<V, K>(parts: readonly FoldedPart[], decode: ((v: never) => V) | undefined): Pane<V, K>[] {
  const runs = parts.map(runsOf);
  const windows = new Map<string, Window>();
  const out: Pane<V, K>[] = [];
  const heads = new Int32Array(parts.length);
  // Phase 1: by the batch position of the event that fired the pane.
  for (;;) {
    let best = -1;
    for (let w = 0; w < parts.length; w++) {
      const run = runs[w][0];
      if (heads[w] < run.length && (best < 0 || parts[w].cause[run[heads[w]]] < parts[best].cause[runs[best][0][heads[best]]])) best = w;
    }
    if (best < 0) break;
    out.push(paneOf(parts[best], runs[best][0][heads[best]++], windows, decode));
  }
  heads.fill(0);
  // Phase 2: the end of the batch.
  for (;;) {
    let best = -1;
    for (let w = 0; w < parts.length; w++) {
      const run = runs[w][1];
      if (heads[w] < run.length && (best < 0 || compareAtEnd(parts[w], run[heads[w]], parts[best], runs[best][1][heads[best]]) < 0)) best = w;
    }
    if (best < 0) break;
    out.push(paneOf(parts[best], runs[best][1][heads[best]++], windows, decode));
  }
  return out;
}
