/**
 * Building and outputting a window's panes once its trigger fired (or its garbage-collection time came):
 * Beam's `PaneInfoTracker` (the pane history of a state) and `NonEmptyPanes`, with the output step of
 * `ReduceFnRunner.onTrigger`. The trigger side of a firing stays with the `Reducer`.
 */
import type { CombineFn } from '../combiners/combineFn.js';
import type { Instant } from '../time.js';
import type { WatermarkHolds } from './holds.js';
import { describePane, type Pane } from './pane.js';
import type { Firing, FiringCause, ReducerMetrics, ReducerSink } from './reducerTypes.js';
import type { WindowingStrategy } from './strategy.js';
import type { KeyWindow } from './keyWindow.js';

/**
 * Turns a state that fires into its pane: the pane info from the state's previous pane, the output
 * timestamp from its holds, the value from its accumulator; then resets what a firing consumes.
 * Beam: `ReduceFnRunner.onTrigger` with `PaneInfoTracker` and `NonEmptyPanes`.
 */
export class PaneTracker<In, K, Acc, Out> {
  private readonly discarding: boolean;
  /**
   * Under `'accumulatingAndRetracting'`: per state, the panes its next pane supersedes (its own last
   * pane, and the last panes of the windows merged into it), withdrawn just before that pane. An entry
   * lives until the state's final pane or until it merges away (its panes then move to the result).
   */
  private readonly superseded: Map<KeyWindow<K, Acc>, Pane<Out, K>[]> | undefined;

  constructor(
    private readonly strategy: WindowingStrategy,
    private readonly fn: CombineFn<In, Acc, Out>,
    private readonly holds: WatermarkHolds<K, Acc>,
    private readonly metrics: ReducerMetrics,
    private readonly sink: ReducerSink<K, Out, In>,
    private readonly now: () => Instant,
  ) {
    this.discarding = strategy.accumulation === 'discarding';
    this.superseded = strategy.accumulation === 'accumulatingAndRetracting' ? new Map() : undefined;
  }

  /** Merging: the panes the merged-away states' next panes would have superseded are now the target's to withdraw. */
  mergeSuperseded(target: KeyWindow<K, Acc>, sources: readonly KeyWindow<K, Acc>[]): void {
    const superseded = this.superseded;
    for (const s of sources) {
      const panes = s !== target && superseded?.get(s);
      if (panes) {
        superseded!.delete(s);
        superseded!.set(target, (superseded!.get(target) ?? []).concat(panes));
      }
    }
  }

  /** Under `'accumulatingAndRetracting'`: the states with panes to withdraw, and those panes (for a snapshot). */
  supersededPanes(): ReadonlyMap<KeyWindow<K, Acc>, readonly Pane<Out, K>[]> | undefined {
    return this.superseded;
  }

  /** Files panes for a restored state to withdraw before its next pane (a restore, before any input). */
  restoreSuperseded(kw: KeyWindow<K, Acc>, panes: readonly Pane<Out, K>[]): void {
    if (this.superseded === undefined) throw new Error(`cannot restore panes to withdraw into a grouping under accumulation '${this.strategy.accumulation}'`);
    this.superseded.set(kw, [...panes]);
  }

  /** Forgets every pane waiting to be withdrawn (the reducer's state is dropped). */
  clear(): void {
    this.superseded?.clear();
  }

  /**
   * A firing's contents side: outputs the pane (see {@link onTrigger}), then the state is empty again
   * (Beam's `NonEmptyPanes` cleared); its accumulator goes when the window finished or panes discard;
   * a finished window forgets its pane history (only the trigger's finished bits are kept).
   */
  fire(kw: KeyWindow<K, Acc>, finished: boolean, cause: FiringCause, ready: readonly string[], inputWm: Instant): void {
    this.onTrigger(kw, finished, cause, ready, inputWm);
    kw.nonEmpty = false;
    if (finished || this.discarding) kw.acc = undefined;
    if (finished) kw.previousPane = undefined;
  }

  /**
   * Builds and maybe outputs a pane (Beam: `ReduceFnRunner.onTrigger`). The holds are released whether
   * or not a pane goes out. An empty pane goes out only when the strategy asks for it: an ON_TIME pane
   * under `onTimeBehavior: 'fireAlways'`, a final pane under `closingBehavior: 'fireAlways'`. Under
   * accumulating panes the kept accumulator is compacted (`CombineFn.compact`) unless this is the last pane.
   */
  onTrigger(kw: KeyWindow<K, Acc>, isFinal: boolean, cause: FiringCause, ready: readonly string[], inputWm: Instant): void {
    const window = kw.bucket.window;
    const s = this.strategy;
    const timestamp = this.holds.extractAndRelease(kw, !isFinal && s.closingBehavior === 'fireAlways', inputWm);
    const isEmpty = !kw.nonEmpty;
    // A final firing ends the state's panes: if no pane goes out, the earlier ones stand.
    const superseded = this.superseded?.get(kw);
    if (isFinal) this.superseded?.delete(kw);
    if (isEmpty && s.closingBehavior === 'fireIfNonEmpty' && s.onTimeBehavior === 'fireIfNonEmpty') return;
    const outputWm = this.holds.output;
    const pane = describePane(kw.previousPane, isFinal, window.maxTimestamp, inputWm, outputWm);
    const emitPane =
      !isEmpty || (pane.timing === 'ON_TIME' && s.onTimeBehavior === 'fireAlways') || (isFinal && s.closingBehavior === 'fireAlways');
    if (!emitPane) return;
    kw.previousPane = pane;
    const fn = this.fn;
    const value = fn.extractOutput(kw.acc === undefined ? fn.createAccumulator() : kw.acc);
    if (!this.discarding && !isFinal && kw.acc !== undefined && fn.compact) kw.acc = fn.compact(kw.acc);
    this.metrics.panesOut++;
    const firing: Firing | undefined = this.sink.explain
      ? { cause, inputWatermark: inputWm, outputWatermark: outputWm, processingTime: this.now(), readyTriggers: ready }
      : undefined;
    const out: Pane<Out, K> = { key: kw.key, window, value, pane, timestamp };
    // Retracting: the panes this one supersedes are withdrawn first, and this one is filed to be.
    if (superseded !== undefined) {
      for (const p of superseded) {
        this.metrics.panesOut++;
        this.sink.pane({ ...p, retraction: true }, firing);
      }
    }
    if (!isFinal) this.superseded?.set(kw, [out]);
    this.sink.pane(out, firing);
  }
}
