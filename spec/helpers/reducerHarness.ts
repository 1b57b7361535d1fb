/**
 * The one driver of the pure reducer in specs (Beam's `ReduceFnTester`): a {@link Reducer} with a
 * recording sink and a hand-moved processing clock. Every spec that drives the reducer directly goes
 * through it, with its own shorthand on top (spec/beam/scenario.ts, spec/conformance/harness.ts).
 */
import { toList, type CombineFn, type DroppedElement, type Firing, type Instant, type Pane, type PaneTiming, type Window, type WindowingStrategy } from '../../src/index';
import { DEFAULT_STRATEGY, Reducer } from '../../src/core';

/** Options of {@link reducerHarness}. */
export interface ReducerHarnessOptions<In, K, Out> {
  /** Ask the reducer for the {@link Firing} of every pane. */
  readonly explain?: boolean | undefined;
  /** The processing time at the start. Default 0. */
  readonly now?: Instant | undefined;
  /** Sees each pane as it is emitted (after it is recorded), for drivers that interleave it with other output. */
  readonly onPane?: ((pane: Pane<Out, K>, firing: Firing | undefined) => void) | undefined;
  /** Sees each dropped element as it is dropped (after it is recorded). */
  readonly onDropped?: ((drop: DroppedElement<In>) => void) | undefined;
  /** Run the reducer's plain paths instead of its fast paths (`ReducerConfig.plainPaths`). */
  readonly plainPaths?: boolean | undefined;
  /** Sees each processing-time wake-up the reducer reports (`ReducerSink.wakeUp`). */
  readonly onWakeUp?: ((at: Instant) => void) | undefined;
}

/**
 * A reducer with a recording sink and a hand-moved processing clock. `take()` returns the panes
 * emitted since the previous call, so each step of a test states exactly what it produced.
 */
export function reducerHarness<In, K, Acc, Out>(
  strategy: Partial<WindowingStrategy>,
  key: (v: In) => K,
  combineFn: CombineFn<In, Acc, Out>,
  opts: ReducerHarnessOptions<In, K, Out> = {},
) {
  let now = opts.now ?? 0;
  const panes: Pane<Out, K>[] = [];
  const firings: (Firing | undefined)[] = [];
  const drops: DroppedElement<In>[] = [];
  let taken = 0;
  const { onPane, onDropped } = opts;
  const reducer = new Reducer<In, K, Acc, Out>(
    { strategy: { ...DEFAULT_STRATEGY, ...strategy }, key, combineFn, now: () => now, plainPaths: opts.plainPaths },
    {
      pane: (p, f) => {
        panes.push(p);
        firings.push(f);
        onPane?.(p, f);
      },
      dropped: (d) => {
        drops.push(d);
        onDropped?.(d);
      },
      explain: opts.explain,
      wakeUp: (at) => opts.onWakeUp?.(at),
    },
  );
  return {
    reducer,
    panes,
    firings,
    drops,
    /** The processing time now. */
    now(): Instant {
      return now;
    },
    setNow(t: Instant) {
      now = t;
    },
    /** Moves the clock to `t` and runs the processing-time timers due. */
    clockTo(t: Instant) {
      now = t;
      reducer.advanceProcessingTime();
    },
    take(): Pane<Out, K>[] {
      const out = panes.slice(taken);
      taken = panes.length;
      return out;
    },
  };
}

/** A pane of {@link letters} written out in full: key, window, values, [timing, index, onTimeIndex, isFirst, isLast], timestamp. */
export function letterPane(key: string, window: Window, value: string[], info: [PaneTiming, number, number, boolean, boolean], timestamp: number) {
  const [timing, index, onTimeIndex, isFirst, isLast] = info;
  return { key, window, value, pane: { timing, index, onTimeIndex, isFirst, isLast }, timestamp };
}

/** Values are strings whose first letter is the key: 'a1' belongs to key 'a'. Panes hold the values as a list. */
export function letters(strategy: Partial<WindowingStrategy>, opts: { explain?: boolean; now?: Instant } = {}) {
  return reducerHarness<string, string, string[], string[]>(strategy, (v) => v[0], toList<string>(), opts);
}

/**
 * One step of a random reducer scenario: elements at times relative to the watermark (one alone, or
 * several as a bundle), the watermark moved on, or the clock moved with the processing-time timers due
 * run (`clock`) or without them (`clockOnly`, so that elements meet a due trigger).
 */
export type ScenarioStep<E extends { readonly t: Instant }> =
  | { readonly op: 'elements'; readonly els: readonly E[] }
  | { readonly op: 'watermark'; readonly by: number }
  | { readonly op: 'clock' | 'clockOnly'; readonly by: number };

/** Runs one {@link ScenarioStep} on a harness whose watermark is `wm`; returns the watermark after it. */
export function runScenarioStep<E extends { readonly t: Instant }>(
  h: { readonly reducer: Pick<Reducer<E, unknown, unknown, unknown>, 'processElement' | 'processBundle' | 'advanceWatermark'>; now(): Instant; setNow(t: Instant): void; clockTo(t: Instant): void },
  step: ScenarioStep<E>,
  wm: Instant,
): Instant {
  const reducer = h.reducer;
  if (step.op === 'elements') {
    const els = step.els.map((e) => ({ ...e, t: wm + e.t }));
    if (els.length === 1) reducer.processElement(els[0], els[0].t);
    else reducer.processBundle(els.map((e) => ({ value: e, timestamp: e.t })));
  } else if (step.op === 'watermark') {
    reducer.advanceWatermark(wm + step.by);
    return wm + step.by;
  } else if (step.op === 'clock') {
    h.clockTo(h.now() + step.by);
  } else {
    h.setNow(h.now() + step.by);
  }
  return wm;
}
