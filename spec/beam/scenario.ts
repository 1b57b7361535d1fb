/**
 * A small driver for Beam runner-core scenarios: one key, values collected into sorted lists,
 * processing time set by hand. Times are plain milliseconds, as in Beam's runner-core tests.
 */
import {
  intervalWindow,
  toList,
  type DroppedElement,
  type Pane,
  type PaneTiming,
  type Window,
  type WindowingStrategy,
} from '../../src/index';
import type { Reducer } from '../../src/core';
import { reducerHarness } from '../helpers/reducerHarness';

/** An element: a bare number is both value and timestamp; a pair is `[value, timestamp]`. */
export type ElementSpec = number | readonly [number, number];

export interface Scenario {
  /** Adds the elements as one bundle (triggers are asked once per window, after all of them). */
  bundle(...elements: ElementSpec[]): void;
  /** Adds each element as a bundle of its own. */
  each(...elements: ElementSpec[]): void;
  watermark(t: number): void;
  /** Sets processing time to `t` and runs the processing-time timers due strictly before it. */
  clock(t: number): void;
  /** The panes emitted since the last call. */
  take(): Pane<number[], string>[];
  readonly drops: DroppedElement<number>[];
  readonly reducer: Reducer<number, string, number[], number[]>;
}

/** Starts a scenario with Beam's default strategy overridden by `strategy`; processing time starts at `clockStart`. */
export function scenario(strategy: Partial<WindowingStrategy>, clockStart = 0): Scenario {
  // Sorted as emitted: a later step must not change a pane already taken.
  let panes: Pane<number[], string>[] = [];
  const h = reducerHarness<number, string, number[], number[]>(strategy, () => 'k', toList<number>(), {
    now: clockStart,
    onPane: (p) => panes.push({ ...p, value: [...p.value].sort((a, b) => a - b) }),
  });
  const { reducer } = h;
  const element = (e: ElementSpec) => (typeof e === 'number' ? { value: e, timestamp: e } : { value: e[0], timestamp: e[1] });
  return {
    bundle: (...es) => reducer.processBundle(es.map(element)),
    each: (...es) => es.forEach((e) => reducer.processBundle([element(e)])),
    watermark: (t) => reducer.advanceWatermark(t),
    clock: (t) => h.clockTo(t),
    take: () => {
      const out = panes;
      panes = [];
      return out;
    },
    drops: h.drops,
    reducer,
  };
}

/** The window `[start, end)`. */
export const w = (start: number, end: number): Window => intervalWindow(start, end);

/** A pane written out in full: key `'k'`, window, sorted values, pane info and output timestamp. */
export function pane(
  window: Window,
  value: number[],
  timing: PaneTiming,
  info: { index: number; onTimeIndex: number; isFirst: boolean; isLast: boolean },
  timestamp: number,
): Pane<number[], string> {
  return { key: 'k', window, value, pane: { timing, ...info }, timestamp };
}
