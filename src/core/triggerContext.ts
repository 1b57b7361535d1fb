/** The trigger contexts a reducer hands to the trigger state machine, reused from call to call. */
import { MIN_TIMESTAMP, type Instant } from '../time.js';
import { shouldFire, type MergeContext, type TriggerContext, type TriggerNode, type TriggerState } from '../triggers/stateMachine.js';
import { describeTrigger } from '../triggers/trigger.js';
import { GLOBAL_WINDOW, type Window } from '../windows/window.js';

/**
 * The reusable trigger context. It carries the state it works on (`target`, set with the window before
 * every hook), so a timer a hook sets is filed under that state. `now` is read lazily because only
 * processing-time triggers need it.
 */
export class Context<T> implements TriggerContext {
  window: Window = GLOBAL_WINDOW;
  inputWatermark: Instant = MIN_TIMESTAMP;
  state!: TriggerState;
  target!: T;
  constructor(
    private readonly clock: () => Instant,
    readonly isMerging: boolean,
    /** Files a processing-time timer under a state. */
    readonly fileTimer: (at: Instant, target: T) => void,
    /** Notes that a state's trigger set the end-of-window timer; undefined when every window has it anyway. */
    readonly noteEndOfWindowTimer: ((target: T) => void) | undefined,
  ) {}
  get now(): Instant {
    return this.clock();
  }
  setProcessingTimer(at: Instant): void {
    this.fileTimer(at, this.target);
  }
  setEndOfWindowTimer(): void {
    const note = this.noteEndOfWindowTimer;
    if (note !== undefined) note(this.target);
  }
}

/** The context of a trigger merge, reused across merges: its timers are filed under the merge's target. */
export class MergeCtx<T> implements MergeContext {
  window: Window = GLOBAL_WINDOW;
  inputWatermark: Instant = MIN_TIMESTAMP;
  readonly isMerging = true;
  state!: TriggerState;
  merging: readonly TriggerState[] = [];
  target!: T;
  constructor(private readonly base: Context<T>) {}
  get now(): Instant {
    return this.base.now;
  }
  setProcessingTimer(at: Instant): void {
    this.base.fileTimer(at, this.target);
  }
  setEndOfWindowTimer(): void {
    const note = this.base.noteEndOfWindowTimer;
    if (note !== undefined) note(this.target);
  }
}

/** The nodes of a trigger tree that would fire now, outermost first. */
export function readyTriggers(root: TriggerNode, ctx: TriggerContext): string[] {
  const out: string[] = [];
  const visit = (n: TriggerNode) => {
    if (ctx.state.finished[n.index]) return;
    if (shouldFire(n, ctx)) out.push(describeTrigger(n.trigger));
    n.subs.forEach(visit);
  };
  visit(root);
  return out;
}
