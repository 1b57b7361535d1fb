import { asyncScheduler, identity, type Observable, type SchedulerLike } from 'rxjs';
import { builtIn, type CombineFn } from '../combiners/combineFn.js';
import { combineFields } from '../combiners/combineFields.js';
import { exactMergeOf, withExactMerge } from '../combiners/exactMerge.js';
import { Combine } from '../combiners/namespace.js';
import type { Pane } from '../core/pane.js';
import type { DroppedElement } from '../core/reducerTypes.js';
import { assignEventTime } from '../operators/assignEventTime.js';
import { combinePerKey, groupByKey } from '../operators/combinePerKey.js';
import { afterWatermark } from '../operators/triggering.js';
import { fixedWindow, sessionWindow, slidingWindow } from '../operators/windowing.js';
import { escapeControls } from '../internal/text.js';
import type { RunRecorder } from '../render/recording.js';
import { formatInstant } from '../time.js';
import { afterCount, afterFirst, afterProcessingTime } from '../triggers/factories.js';
import { type Trigger } from '../triggers/trigger.js';
import type { Percentile, WindowCommand } from './args.js';
import type { CliEvent, CliKey } from './events.js';

/** What the pipeline reports besides panes. */
export interface PipelineHooks {
  readonly onDropped: (drop: DroppedElement<CliEvent>) => void;
  /** Processing time for `--early` / `--late`: the real clock unless a test injects another. */
  readonly scheduler?: SchedulerLike | undefined;
  /** Records the run for `--html`: its tap goes before the windowing, its hooks on the grouping. */
  readonly recorder?: RunRecorder<CliEvent> | undefined;
}

function either(a: Trigger | undefined, b: Trigger | undefined): Trigger | undefined {
  return a !== undefined && b !== undefined ? afterFirst(a, b) : (a ?? b);
}

/**
 * The trigger's early and late parts. Without `--late` / `--late-count` but with allowed lateness,
 * every late record fires a pane, as Beam's default trigger does; otherwise late data would only be
 * dropped as arriving after the window closed.
 */
export function firings(cmd: WindowCommand): { early?: Trigger | undefined; late?: Trigger | undefined } {
  const early = either(
    cmd.earlyCount === undefined ? undefined : afterCount(cmd.earlyCount),
    cmd.early === undefined ? undefined : afterProcessingTime(cmd.early),
  );
  let late = either(
    cmd.lateCount === undefined ? undefined : afterCount(cmd.lateCount),
    cmd.late === undefined ? undefined : afterProcessingTime(cmd.late),
  );
  if (late === undefined && cmd.allowedLateness > 0) late = afterCount(1);
  return { early, late };
}

/**
 * The event-time pipeline the `window` command runs over parsed records. The watermark moves after
 * every record (the largest event time seen minus `--max-out-of-orderness`), so the result depends only
 * on the order of the lines, never on how the input is split into reads.
 */
export function windowPipeline(cmd: WindowCommand, hooks: PipelineHooks): (events$: Observable<CliEvent>) => Observable<Pane<unknown, CliKey>> {
  const stamp = assignEventTime((e: CliEvent) => e.time, { watermark: cmd.maxOutOfOrderness, emitWatermark: 'perElement' });
  const windows =
    cmd.gap !== undefined
      ? sessionWindow<CliEvent>(cmd.gap)
      : cmd.period === undefined
        ? fixedWindow<CliEvent>(cmd.size!, { offset: cmd.offset })
        : slidingWindow<CliEvent>(cmd.size!, cmd.period, { offset: cmd.offset });
  const trigger = afterWatermark<CliEvent>({ ...firings(cmd), allowedLateness: cmd.allowedLateness, accumulation: cmd.accumulation });
  const recorder = hooks.recorder;
  const tap = recorder?.input ?? identity;
  const options = {
    scheduler: hooks.scheduler ?? asyncScheduler,
    onDropped:
      recorder === undefined
        ? hooks.onDropped
        : (d: DroppedElement<CliEvent>) => {
            hooks.onDropped(d);
            recorder.hooks.onDropped(d);
          },
    ...(recorder === undefined ? {} : { onFiring: recorder.hooks.onFiring }),
  };
  const keyOf = (e: CliEvent) => e.key;
  const agg = cmd.aggregation;
  if (agg.kind === 'group') {
    const group = groupByKey(keyOf, options);
    return (events$) => events$.pipe(stamp, tap, windows, trigger, group) as Observable<Pane<unknown, CliKey>>;
  }
  const fields: Record<string, CombineFn<CliEvent, unknown, unknown>> = {};
  if (agg.count) fields.count = Combine.count<CliEvent>();
  for (const f of agg.sums) fields[`sum_${f}`] = Combine.sum((e: CliEvent) => e.numbers[f]);
  for (const f of agg.means) fields[`mean_${f}`] = Combine.mean((e: CliEvent) => e.numbers[f]);
  for (const f of agg.mins) fields[`min_${f}`] = orNull(Combine.min((e: CliEvent) => e.numbers[f]));
  for (const f of agg.maxes) fields[`max_${f}`] = orNull(Combine.max((e: CliEvent) => e.numbers[f]));
  for (const q of agg.percentiles) fields[percentileName(q)] = percentile(q);
  const combine = combinePerKey(keyOf, combineFields<CliEvent, typeof fields>(fields), options);
  return (events$) => events$.pipe(stamp, tap, windows, trigger, combine) as Observable<Pane<unknown, CliKey>>;
}

/**
 * The same CombineFn with `null` for an empty pane instead of `undefined`, which JSON would leave out
 * (the field would vanish from the line). Still marked built in: it runs only the package's code, whose
 * methods use no `this`, so they are taken as they are and the per-record step gains no call. It merges
 * as exactly as the CombineFn it wraps (`exactMerge.ts`), so sliding windows over it are still sliced.
 */
export function orNull<A, O>(fn: CombineFn<CliEvent, A, O | undefined>): CombineFn<CliEvent, A, O | null> {
  const { createAccumulator, addInput, mergeAccumulators, extractOutput, compact, accumulatorCoder } = fn;
  const wrapped = builtIn<CombineFn<CliEvent, A, O | null>>({
    createAccumulator,
    addInput,
    mergeAccumulators,
    extractOutput: (acc: A) => extractOutput(acc) ?? null,
    ...(compact === undefined ? {} : { compact }),
    // The accumulators are the wrapped CombineFn's, so its coder stores them for --checkpoint.
    ...(accumulatorCoder === undefined ? {} : { accumulatorCoder }),
  });
  // The same accumulators merge as exactly as the wrapped CombineFn's (sliding windows slice them).
  const merge = exactMergeOf(fn);
  return merge === undefined ? wrapped : withExactMerge(wrapped, merge);
}

/** The output field of `--percentile P:FIELD`: `p95_latency_ms`, `p99.9_latency_ms`. */
export function percentileName(q: Percentile): string {
  return `p${q.p}_${q.field}`;
}

/**
 * `--percentile P:FIELD` from `approxQuantiles`: with 101 quantiles (1001 for a decimal) the i-th is the
 * value at sorted position ⌊i (n − 1) / 100⌋ (or / 1000), so P is quantile P (or 10 P). Exact while a
 * window holds fewer than 512 values; the sketch's error bound beyond.
 */
function percentile(q: Percentile): CombineFn<CliEvent, unknown, number | null> {
  const steps = Number.isInteger(q.p) ? 100 : 1000;
  const at = Math.round((q.p * steps) / 100);
  const { createAccumulator, addInput, mergeAccumulators, extractOutput, accumulatorCoder } = Combine.approxQuantiles<number>(steps + 1);
  const field = q.field;
  return orNull({
    ...(accumulatorCoder === undefined ? {} : { accumulatorCoder }),
    createAccumulator,
    addInput: (acc, e: CliEvent) => addInput(acc, e.numbers[field]),
    mergeAccumulators,
    extractOutput: (acc) => extractOutput(acc)[at],
  });
}

/**
 * One output line for a pane. Grouped panes list the input records. A pane withdrawn under
 * `--accumulation accumulatingAndRetracting` repeats the pane it withdraws, with `"retraction": true`. JSON already escapes C0 controls;
 * the C1 controls and bidirectional overrides it leaves raw are written as `\uXXXX` too (the same JSON
 * value), so output shown on a terminal cannot drive it.
 */
export function paneJson(p: Pane<unknown, CliKey>): string {
  const value = Array.isArray(p.value) ? (p.value as CliEvent[]).map((e) => e.record) : p.value;
  const { timing, index, onTimeIndex, isFirst, isLast } = p.pane;
  return escapeControls(JSON.stringify({
    key: p.key,
    window_start: formatInstant(p.window.start),
    window_end: formatInstant(p.window.end),
    value,
    pane: { timing, index, onTimeIndex, isFirst, isLast },
    ...(p.retraction === true ? { retraction: true } : {}),
  }));
}
