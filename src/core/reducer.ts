/**
 * The per-key, per-window reducer: the equivalent of Beam's `ReduceFnRunner`. It runs the steps and the
 * timers, hands each element with its key to the element path (`ElementPath`, or `WindowMerger` when
 * windows merge), and composes one collaborator per concept, each in a file of its own (ARCHITECTURE.md,
 * "The reducer", lists them). Pure: it never touches an Observable or a clock of its own. The operator
 * shell calls one step at a time (`processElement`, `processBundle`, `advanceWatermark`,
 * `advanceProcessingTime`); each step reports through the sink: panes, drops and refused elements as
 * they happen, then the output watermark when it moved and the next processing-time wake-up when it may
 * have changed.
 */
import type { Instant } from '../time.js';
import { compileTrigger } from '../triggers/stateMachine.js';
import { mergeOverlappingWindows } from '../windows/sessionWindows.js';
import type { Window } from '../windows/window.js';
import { Admission } from './admission.js';
import { DropRules } from './dropRules.js';
import { ElementPath } from './elementPath.js';
import { Firings } from './firings.js';
import { WatermarkHolds } from './holds.js';
import { keyId } from './keyEncoding.js';
import { PaneTracker } from './paneTracker.js';
import type { Input, ReducerConfig, ReducerMetrics, ReducerSink } from './reducerTypes.js';
import { takingRetractions } from './retractions.js';
import { describeStrategy, type WindowingStrategy } from './strategy.js';
import type { SnapshotParts } from './reducerSnapshot.js';
import { StepReports } from './stepReports.js';
import { endOfWindowTrigger, TriggerRunner } from './triggerRunner.js';
import { WindowMerger, type KeyedInput } from './windowMerger.js';
import { WindowStore } from './windowStore.js';

/**
 * Groups values per key and window and emits panes as the strategy's trigger fires. Keys are compared
 * by value (see `encodeKey`); a pane carries the key as the first element of its state gave it.
 * Beam: `GroupByKey` / `Combine.perKey` as run by `ReduceFnRunner`.
 *
 * @category Core
 */
export class Reducer<In, K, Acc, Out> {
  readonly metrics: ReducerMetrics = { elementsIn: 0, droppedLate: 0, droppedClosed: 0, droppedNoWindow: 0, badRecords: 0, panesOut: 0, openWindows: 0 };
  private readonly store: WindowStore<K, Acc>;
  private readonly holds: WatermarkHolds<K, Acc>;
  private readonly triggers: TriggerRunner<K, Acc>;
  private readonly strategy: WindowingStrategy;
  private readonly keyOf: (value: In) => K;
  /** Current processing time (the injected scheduler's clock). */
  private readonly now: () => Instant;
  /** Under `onError: 'route'`, the check each element passes before it touches any state. */
  private readonly admission: Admission<In, K, Acc> | undefined;
  private readonly panes: PaneTracker<In, K, Acc, Out>;
  private readonly drops: DropRules<In>;
  private readonly firings: Firings<In, K, Acc, Out>;
  /** Adds elements to their windows' states, when windows do not merge; it keeps the input watermark and the element's time. */
  private readonly path: ElementPath<In, K, Acc, Out>;
  /** Merges a key's windows and adds elements to them, when they merge. */
  private readonly merger: WindowMerger<In, K, Acc, Out> | undefined;
  private readonly reports: StepReports<K, Acc>;

  constructor(
    config: ReducerConfig<In, K, Acc, Out>,
    sink: ReducerSink<K, Out, In>,
  ) {
    this.strategy = config.strategy;
    this.keyOf = config.key;
    this.now = config.now;
    this.drops = new DropRules<In>(this.metrics, sink, config.strategy.allowedLateness);
    this.admission = config.onError === 'route' ? new Admission(config.key, config.combineFn, (v, t, reason, e) => this.drops.rejected(v, t, reason, e, this.path.inputWm)) : undefined;
    const mergingFn = config.strategy.windowFn?.isMerging ? config.strategy.windowFn : undefined;
    const compiled = compileTrigger(config.strategy.trigger);
    const root = compiled.root;
    const endOfWindowOnly = endOfWindowTrigger(compiled) !== undefined;
    // Every window has its end-of-window timer from the start (see `Firings`).
    const everyWindowTimed = root.trigger.kind === 'default' || root.trigger.kind === 'afterWatermark';
    const tracking = mergingFn === undefined ? 'none' : mergingFn.mergeWindows === mergeOverlappingWindows ? 'disjoint' : 'any';
    this.store = new WindowStore<K, Acc>(config.strategy.allowedLateness, tracking, this.metrics, everyWindowTimed);
    this.triggers = new TriggerRunner<K, Acc>(compiled, config.now, mergingFn !== undefined, everyWindowTimed, this.store, config.plainPaths === true);
    this.holds = new WatermarkHolds<K, Acc>(config.strategy.timestampCombiner, config.strategy.windowFn, config.strategy.allowedLateness);
    this.reports = new StepReports<K, Acc>(sink, this.holds, this.triggers);
    this.panes = new PaneTracker(config.strategy, config.combineFn, this.holds, this.metrics, sink, config.now);
    this.firings = new Firings(this.store, this.triggers, this.panes, this.holds, this.reports, sink.explain === true, endOfWindowOnly, everyWindowTimed, () => this.path.inputWm);
    this.path = new ElementPath({
      windowFn: config.strategy.windowFn,
      // An input that may hold retractions (a retracting grouping upstream) takes each one back out.
      fn: config.strategy.retractions === true ? takingRetractions(config.combineFn) : config.combineFn,
      metrics: this.metrics,
      store: this.store,
      holds: this.holds,
      triggers: this.triggers,
      drops: this.drops,
      firings: this.firings,
      endOfWindowOnly,
      endOfWindowHolds: config.strategy.timestampCombiner === 'endOfWindow',
      plainPaths: config.plainPaths === true,
    });
    this.merger = mergingFn === undefined ? undefined : new WindowMerger(mergingFn, this.store, this.holds, this.panes, config.combineFn, this.triggers, this.drops, (kw, w, v, t) => {
      this.path.time = t;
      this.path.addToWindow(kw, w, v);
    }, config.onError === 'route', config.plainPaths === true, endOfWindowOnly);
  }

  /** The input watermark seen so far. */
  get inputWatermark(): Instant {
    return this.path.inputWm;
  }

  /** The output watermark: the input watermark held back by pending panes and timers. Never decreases. */
  get outputWatermark(): Instant {
    return this.holds.output;
  }

  /** The earliest processing time at which a trigger wants to be asked again, or +Infinity. */
  nextProcessingTimer(): Instant {
    return this.triggers.nextTimer();
  }

  /** Processes one element as a bundle of its own. */
  processElement(value: In, timestamp: Instant, windows?: readonly Window[]): void {
    this.path.time = timestamp;
    if (this.admission !== undefined) return this.processAdmitted(value, windows);
    const key = this.keyOf(value);
    if (this.merger !== undefined) return this.addMerging(key, keyId(key), value, timestamp);
    this.path.add(key, keyId(key), value, windows);
    this.firings.endStep();
  }

  /** {@link processElement} under `onError: 'route'`: the element is checked before it touches any state. */
  private processAdmitted(value: In, windows: readonly Window[] | undefined): void {
    const admission = this.admission!;
    const timestamp = this.path.time;
    if (!admission.admit(value, timestamp)) return;
    if (this.merger !== undefined) return this.addMerging(admission.key, admission.id, value, timestamp);
    this.path.addKeyed(admission.key, admission.id, value, windows);
    this.firings.endStep();
  }

  /** {@link processElement} under merging windows: the merger adds the element. */
  private addMerging(key: K, id: unknown, value: In, timestamp: Instant): void {
    this.merger!.addElement(key, id, value, timestamp, this.path.inputWm);
    // Merges may file timers of their own: every merging step is reported.
    this.firings.askTouched();
  }

  /** Processes several elements as one bundle: triggers are asked once per window after all of them. */
  processBundle(elements: readonly Input<In>[]): void {
    const admission = this.admission;
    const keyed: KeyedInput<In, K>[] | undefined = this.merger === undefined ? undefined : [];
    for (const { value, timestamp, windows } of elements) {
      if (admission !== undefined && !admission.admit(value, timestamp)) continue;
      const key = admission === undefined ? this.keyOf(value) : admission.key;
      const id = admission === undefined ? keyId(key) : admission.id;
      // Under merging windows the merger takes the keyed bundle at once (see `WindowMerger.addBundle`).
      if (keyed !== undefined) keyed.push({ key, id, value, timestamp });
      else {
        this.path.time = timestamp;
        this.path.addKeyed(key, id, value, windows);
      }
    }
    if (keyed === undefined) return this.firings.endStep();
    this.merger!.addBundle(keyed, this.path.inputWm);
    this.firings.askTouched();
  }

  /**
   * Advances the input watermark and runs every end-of-window and garbage-collection timer it passes.
   * A watermark that does not move forward is ignored.
   */
  advanceWatermark(watermark: Instant): void {
    if (!(watermark > this.path.inputWm)) return;
    this.path.closeSlicesBefore(watermark);
    this.path.inputWm = watermark;
    this.firings.passWatermark(watermark);
    this.holds.refresh(watermark, this.store);
    this.reports.afterWatermark();
  }

  /** Runs the processing-time timers due at the current processing time (strictly before `now`). */
  advanceProcessingTime(): void {
    const inputWm = this.path.inputWm;
    for (const kw of this.triggers.dueAt(this.now())) if (this.firings.ready(kw, inputWm)) this.firings.emit(kw, 'processingTime', inputWm);
    this.holds.refresh(inputWm, this.store);
    this.reports.afterProcessingTime();
  }

  /**
   * The parts a snapshot reads and a restore writes: `snapshotReducer` and `restoreReducer` of
   * `reducerSnapshot.ts` take them, so a pipeline that never snapshots does not bundle that code.
   */
  snapshotParts(): SnapshotParts<K, Acc> {
    // A snapshot reads every window's accumulator: the elements of open slices go into them first.
    this.path.closeSlices();
    return {
      store: this.store,
      holds: this.holds,
      triggers: this.triggers,
      metrics: this.metrics,
      strategy: describeStrategy(this.strategy),
      panes: this.panes,
      inputWatermark: this.path.inputWm,
      restored: (inputWatermark, outputWatermark) => {
        this.path.inputWm = inputWatermark;
        this.reports.afterRestore(outputWatermark);
      },
    };
  }

  /** Drops all state and timers. */
  dispose(): void {
    this.path.forget();
    this.store.clear();
    this.holds.clear();
    this.panes.clear();
    this.triggers.clearTimers();
  }
}

