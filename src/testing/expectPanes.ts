import { asyncScheduler, type Observable, type SchedulerLike } from 'rxjs';
import type { Pane } from '../core/pane.js';
import type { Instant } from '../time.js';
import { formatPane } from './formatPane.js';

/** Options of {@link expectPanes}. */
export interface ExpectPanesOptions {
  /** What times in pane lines count from, in epoch ms (use the `origin` of the marbles). Default 0. */
  readonly origin?: Instant;
  /** Runs virtual time to the end before comparing: the `flush` of `TestScheduler.run`'s helpers, or `() => vts.flush()`. */
  readonly flush?: () => void;
  /** The clock whose `now()` is the processing time written as `@frame`. Default `asyncScheduler` (virtual inside `TestScheduler.run`). */
  readonly scheduler?: SchedulerLike;
}

/** What {@link expectPanes} returns. */
export interface PaneExpectation {
  /**
   * Compares the panes with the expected lines (one pane a line, written as `formatPane` writes them;
   * blank lines ignored, runs of spaces count as one). A line may start with `@<frame>` (processing
   * time relative to the first subscription): then every pane is compared with its frame. Throws with a
   * line diff (`-` expected, `+` actual) when they differ; an error or a missing completion shows as a
   * last line `# message` / `(not complete)`.
   */
  toBe(expected: string): void;
  /** The actual lines so far (with frames). */
  readonly lines: readonly string[];
}

const normalize = (line: string) => line.trim().replace(/\s+/g, ' ');

/** Longest-common-subsequence line diff, as `diff -u` would show it without context limits. */
function diff(expected: readonly string[], actual: readonly string[]): string[] {
  const n = expected.length;
  const m = actual.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) lcs[i][j] = expected[i] === actual[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && expected[i] === actual[j]) {
      out.push(`  ${expected[i++]}`);
      j++;
    } else if (j < m && (i === n || lcs[i][j + 1] > lcs[i + 1][j])) {
      out.push(`+ ${actual[j++]}`);
    } else {
      out.push(`- ${expected[i++]}`);
    }
  }
  return out;
}

/**
 * Records the panes of a pipeline from now on and compares them with a short text, one pane a line,
 * printing a readable diff on failure. Works with `TestScheduler.run` (pass its `flush`) and with a
 * `VirtualTimeScheduler`. The pane counterpart of Beam's `PAssert.that(...).inWindow(...)`, with the pane
 * info written out.
 *
 * @example
 * testScheduler.run(({ cold, flush }) => {
 *   expectPanes(cold(...eventTimeMarbles('(ab) (W:+inf)|', values)).pipe(fixedWindow(60_000), combinePerKey(k, Combine.count())), { flush })
 *     .toBe(`u1 [0s, 1m) ON_TIME #0/0 first last 2`);
 * });
 */
export function expectPanes<V, K>(panes$: Observable<Pane<V, K>>, options: ExpectPanesOptions = {}): PaneExpectation {
  const scheduler = options.scheduler ?? asyncScheduler;
  const origin = options.origin ?? 0;
  const start = scheduler.now();
  const seen: { frame: number; line: string }[] = [];
  let ending: string | undefined;
  panes$.subscribe({
    next: (p) => seen.push({ frame: scheduler.now() - start, line: formatPane(p as Pane<unknown, unknown>, { origin }) }),
    error: (e: unknown) => (ending = `# ${e instanceof Error ? e.message : String(e)}`),
    complete: () => (ending = '|'),
  });
  const actual = (withFrames: boolean): string[] => {
    const lines = seen.map((s) => (withFrames ? `@${s.frame} ${s.line}` : s.line));
    if (ending === undefined) lines.push('(not complete)');
    else if (ending !== '|') lines.push(ending);
    return lines;
  };
  return {
    get lines() {
      return actual(true);
    },
    toBe(expected: string) {
      if (ending === undefined) options.flush?.();
      const want = expected.split('\n').map(normalize).filter((l) => l !== '');
      const got = actual(want.some((l) => l.startsWith('@'))).map(normalize);
      if (want.length === got.length && want.every((l, i) => l === got[i])) return;
      throw new Error(`expectPanes: the panes differ (- expected, + actual):\n${diff(want, got).join('\n')}`);
    },
  };
}
