import {
  DEFAULT_STRATEGY,
  Reducer,
  toList,
  type CombineFn,
  type DroppedElement,
  type Firing,
  type Instant,
  type Pane,
  type WindowingStrategy,
} from '../../src/index';

/**
 * A reducer with a recording sink and a hand-moved processing clock. `take()` returns the panes
 * emitted since the previous call, so each step of a test states exactly what it produced.
 */
export function reducerHarness<In, K, Acc, Out>(
  strategy: Partial<WindowingStrategy>,
  key: (v: In) => K,
  combineFn: CombineFn<In, Acc, Out>,
  opts: { explain?: boolean; now?: Instant } = {},
) {
  let now = opts.now ?? 0;
  const panes: Pane<Out, K>[] = [];
  const firings: (Firing | undefined)[] = [];
  const drops: DroppedElement<In>[] = [];
  let taken = 0;
  const reducer = new Reducer<In, K, Acc, Out>(
    { strategy: { ...DEFAULT_STRATEGY, ...strategy }, key, combineFn, now: () => now },
    {
      pane: (p, f) => {
        panes.push(p);
        firings.push(f);
      },
      dropped: (d) => drops.push(d),
      explain: opts.explain,
    },
  );
  return {
    reducer,
    panes,
    firings,
    drops,
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

/** Values are strings whose first letter is the key: 'a1' belongs to key 'a'. Panes hold the values as a list. */
export function letters(strategy: Partial<WindowingStrategy>, opts: { explain?: boolean; now?: Instant } = {}) {
  return reducerHarness<string, string, string[], string[]>(strategy, (v) => v[0], toList<string>(), opts);
}
