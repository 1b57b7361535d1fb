import { asyncScheduler, type Observable, type SchedulerLike } from 'rxjs';
import type { Pane } from '../core/pane.js';
import { requireInstant, requireObservable, requireOptionalFunction, requireOptionalScheduler, requireOptions } from '../internal/checks.js';
import { describeValue, type Instant } from '../time.js';
import { diffLines } from './diffLines.js';
import { formatPane } from './formatPane.js';

/**
 * Options of {@link expectPanes}.
 *
 * @category Testing
 */
export interface ExpectPanesOptions {
  /** What times in pane lines count from, in epoch ms (use the `origin` of the marbles). Default 0. */
  readonly origin?: Instant | undefined;
  /** Runs virtual time to the end before comparing: the `flush` of `TestScheduler.run`'s helpers, or `() => vts.flush()`. */
  readonly flush?: (() => void) | undefined;
  /** The clock whose `now()` is the processing time written as `@frame`. Default `asyncScheduler` (virtual inside `TestScheduler.run`). */
  readonly scheduler?: SchedulerLike | undefined;
}

/**
 * What {@link expectPanes} returns.
 *
 * @category Testing
 */
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

/**
 * Records the panes of a pipeline from now on and compares them with a short text, one pane a line,
 * printing a readable diff on failure. Works with `TestScheduler.run` (pass its `flush`) and with a
 * `VirtualTimeScheduler`. The pane counterpart of Beam's `PAssert.that(...).inWindow(...)`, with the pane
 * info written out.
 *
 * @param panes$ - The panes under test.
 * @param options - `origin` for times, and `flush` (from `TestScheduler.run`) or a `scheduler` to run the virtual time.
 *
 * @example
 * testScheduler.run(({ cold, flush }) => {
 *   expectPanes(cold(...eventTimeMarbles('(ab) (W:+inf)|', values)).pipe(fixedWindow(60_000), combinePerKey(k, Combine.count())), { flush })
 *     .toBe(`u1 [0s, 1m) ON_TIME #0/0 first last 2`);
 * });
 *
 * @category Testing
 */
export function expectPanes<V, K>(panes$: Observable<Pane<V, K>>, options: ExpectPanesOptions = {}): PaneExpectation {
  requireObservable('expectPanes', 'panes$', panes$);
  requireOptions('expectPanes', options);
  requireOptionalScheduler('expectPanes', 'scheduler', options.scheduler);
  requireOptionalFunction('expectPanes', 'flush', options.flush);
  const scheduler = options.scheduler ?? asyncScheduler;
  const origin = options.origin ?? 0;
  requireInstant('expectPanes', 'origin', origin);
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
      if (typeof expected !== 'string') throw new TypeError(`expectPanes: toBe needs the expected panes as a string, one a line, got ${describeValue(expected)}`);
      if (ending === undefined) options.flush?.();
      const want = expected.split('\n').map(normalize).filter((l) => l !== '');
      const got = actual(want.some((l) => l.startsWith('@'))).map(normalize);
      if (want.length === got.length && want.every((l, i) => l === got[i])) return;
      throw new Error(`expectPanes: the panes differ (- expected, + actual):\n${diffLines(want, got).join('\n')}`);
    },
  };
}
