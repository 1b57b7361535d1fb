/**
 * Running a window's trigger: its hooks over the state's trigger state, through one reused context,
 * and the processing-time timers the hooks set. Beam: `TriggerStateMachineRunner`, with the
 * processing-time timers of `ReduceFnRunner`'s timer internals.
 */
import type { Instant } from '../time.js';
import {
  clear as triggerClear,
  isClosed,
  newTriggerState,
  onElement as triggerOnElement,
  onFire as triggerOnFire,
  onMerge as triggerOnMerge,
  shouldFire as triggerShouldFire,
  type CompiledTrigger,
  type TriggerState,
} from '../triggers/stateMachine.js';
import { armedWait } from '../triggers/armedWait.js';
import { Context, MergeCtx, readyTriggers } from './triggerContext.js';
import { TimerQueue } from './timerQueue.js';
import type { KeyWindow } from './keyWindow.js';
import type { WindowStore } from './windowStore.js';

/**
 * For a trigger that only the end of the window fires, what it does at a firing: the default trigger
 * repeats (it fires again for every late element), `afterWatermark()` without early or late firings
 * finishes. `undefined` for every other trigger.
 */
export function endOfWindowTrigger(compiled: CompiledTrigger): 'repeats' | 'finishes' | undefined {
  const root = compiled.root;
  if (root.trigger.kind === 'default') return 'repeats';
  return root.trigger.kind === 'afterWatermark' && root.subs.length === 0 ? 'finishes' : undefined;
}

/** Runs the trigger hooks of one reducer's states and keeps the processing-time timers they set. */
export class TriggerRunner<K, Acc> {
  readonly compiled: CompiledTrigger;
  /**
   * How many processing-time timers have been filed so far that may have moved the next wake-up earlier
   * (see `StepReports`): all of them where windows merge or under plain paths; else those before the
   * wake-up last reported, since no state, and so no timer, goes away in an element step then.
   */
  timersFiled = 0;
  /** The wake-up `StepReports` reported last. */
  wakeUpReported: Instant = Number.POSITIVE_INFINITY;
  private readonly reportEveryTimer: boolean;
  /**
   * The processing-time timers, each filed under the state whose trigger set it (stale once it died).
   * The reducer reads it directly on the per-step path, where a getter here would cost inlining budget.
   */
  readonly processingTimers: TimerQueue<KeyWindow<K, Acc>>;
  private readonly ctx: Context<KeyWindow<K, Acc>>;
  /** The reusable context of trigger merges; its timers are filed under the merge's target. */
  private readonly mergeCtx: MergeCtx<KeyWindow<K, Acc>>;
  private readonly now: () => Instant;
  /** The armed wait's processing-time node (see `armedWait`), or -1 when there is none or under plain paths. */
  private readonly armed: number;
  /**
   * For speed, what a firing does to a state that has no trigger state yet when the trigger keeps none
   * worth making: the default trigger never finishes (`'repeats'`), `afterWatermark()` alone finishes at
   * its first firing (`'finishes'`), which `closed` records. Not where windows merge (a merge reads the
   * finished bits of the states it merges) nor under plain paths (`spec/core/triggerRunner.spec.ts`).
   */
  private readonly stateless: 'repeats' | 'finishes' | undefined;

  /**
   * @param everyWindowTimed every window gets its end-of-window timer from the store anyway, so a
   *   trigger setting it needs no note (see `WindowStore`).
   * @param plainPaths run the hooks for every element (`ReducerConfig.plainPaths`).
   */
  constructor(compiled: CompiledTrigger, now: () => Instant, isMerging: boolean, everyWindowTimed: boolean, store: WindowStore<K, Acc>, plainPaths = false) {
    this.compiled = compiled;
    this.now = now;
    this.armed = plainPaths ? -1 : armedWait(compiled, isMerging);
    this.stateless = plainPaths || isMerging ? undefined : endOfWindowTrigger(compiled);
    this.processingTimers = new TimerQueue<KeyWindow<K, Acc>>(plainPaths);
    this.reportEveryTimer = plainPaths || isMerging;
    this.ctx = new Context(
      now,
      isMerging,
      (at, kw) => {
        this.processingTimers.push(at, kw);
        // For speed: a timer at or after the reported wake-up leaves it as it is, and reporting it again changes nothing.
        if (this.reportEveryTimer || at < this.wakeUpReported) this.timersFiled++;
      },
      everyWindowTimed
        ? undefined
        : (kw) => {
            if (!kw.endOfWindowTimer) {
              kw.endOfWindowTimer = true;
              store.scheduleEndOfWindow(kw.bucket);
            }
          },
    );
    this.mergeCtx = new MergeCtx(this.ctx);
  }

  /** A state's trigger state, made when first needed. */
  stateOf(kw: KeyWindow<K, Acc>): TriggerState {
    return kw.trigger ?? (kw.trigger = newTriggerState(this.compiled));
  }

  /** A trigger state as a new window starts with. */
  newState(): TriggerState {
    return newTriggerState(this.compiled);
  }

  /**
   * The trigger's element hook (Beam: `TriggerStateMachineRunner.processValue`), for an element the
   * trigger does not skip ({@link skips}); the trigger is asked after the element.
   */
  onElement(kw: KeyWindow<K, Acc>, inputWm: Instant): void {
    triggerOnElement(this.compiled.root, this.context(kw, inputWm));
  }

  /**
   * For speed: true when the state's processing-time trigger is armed and not due, so that an element
   * may skip the hooks, which would change nothing, and the question, which would say no (see
   * `armedWait`). Always false on the plain path (`plainPaths`) and for triggers without an armed wait.
   * Asked by the element path before {@link onElement}, and takes no event time: a double passed to a
   * call that is not inlined is boxed (an allocation per element).
   */
  skips(kw: KeyWindow<K, Acc>): boolean {
    const state = kw.trigger;
    if (this.armed < 0 || state === undefined) return false;
    const target = state.data[this.armed];
    return target !== undefined && this.now() <= target;
  }

  /** Whether elements may skip the hooks at times ({@link skips}): the trigger has an armed wait, and not on the plain path. */
  get maySkip(): boolean {
    return this.armed >= 0;
  }

  /** Whether the trigger says fire (Beam: `TriggerStateMachineRunner.shouldFire`). */
  shouldFire(kw: KeyWindow<K, Acc>, inputWm: Instant): boolean {
    const fire = triggerShouldFire(this.compiled.root, this.context(kw, inputWm));
    return fire;
  }

  /** The trigger nodes that would fire now, outermost first, for explanations. */
  readyNodes(kw: KeyWindow<K, Acc>, inputWm: Instant): string[] {
    const ready = readyTriggers(this.compiled.root, this.context(kw, inputWm));
    return ready;
  }

  /**
   * Runs the trigger's fire hook and notes on the state whether the trigger finished (Beam's closed
   * window: `TriggerStateMachineRunner.onFire`, `isClosed`); returns that.
   */
  onFire(kw: KeyWindow<K, Acc>, inputWm: Instant): boolean {
    if (this.stateless !== undefined && kw.trigger === undefined) return (kw.closed = this.stateless === 'finishes');
    triggerOnFire(this.compiled.root, this.context(kw, inputWm));
    return (kw.closed = isClosed(this.compiled, this.stateOf(kw)));
  }

  /** Clears a finished trigger's state but its finished bits, so later elements are dropped until garbage collection. */
  clear(kw: KeyWindow<K, Acc>, inputWm: Instant): void {
    if (this.stateless !== undefined && kw.trigger === undefined) return;
    triggerClear(this.compiled.root, this.context(kw, inputWm));
  }

  /** Runs the trigger merge of `merging` into `merged`, which becomes the target's trigger state (Beam: `onMerge`). */
  onMerge(target: KeyWindow<K, Acc>, merged: TriggerState, merging: readonly TriggerState[], inputWm: Instant): void {
    const ctx = this.mergeCtx;
    ctx.window = target.bucket.window;
    ctx.inputWatermark = inputWm;
    ctx.state = merged;
    ctx.merging = merging;
    ctx.target = target;
    triggerOnMerge(this.compiled.root, ctx);
    target.trigger = merged;
    target.closed = isClosed(this.compiled, merged);
  }

  /** Takes out the live states with a processing-time timer due strictly before `now`, each once, earliest first. */
  dueAt(now: Instant): KeyWindow<K, Acc>[] {
    const heap = this.processingTimers;
    const due: KeyWindow<K, Acc>[] = [];
    while (heap.size > 0 && heap.peekKey() < now) {
      const kw = heap.pop()!;
      if (kw.alive && !kw.due) {
        kw.due = true;
        due.push(kw);
      }
    }
    for (const kw of due) kw.due = false;
    return due;
  }

  /** The earliest processing time a live state's trigger wants to be asked again at, or +Infinity. */
  nextTimer(): Instant {
    const heap = this.processingTimers;
    while (heap.size > 0 && !heap.peek()!.alive) heap.pop();
    return heap.peekKey();
  }

  /** Forgets every processing-time timer. */
  clearTimers(): void {
    this.processingTimers.clear();
  }

  private context(kw: KeyWindow<K, Acc>, inputWm: Instant): Context<KeyWindow<K, Acc>> {
    const ctx = this.ctx;
    ctx.window = kw.bucket.window;
    ctx.inputWatermark = inputWm;
    // `stateOf` written out: one call fewer keeps the element step within the inlining budget.
    ctx.state = kw.trigger ?? (kw.trigger = newTriggerState(this.compiled));
    ctx.target = kw;
    return ctx;
  }
}
