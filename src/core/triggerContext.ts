/** The trigger contexts a reducer hands to the trigger state machine, reused from call to call. */
import { MIN_TIMESTAMP, type Instant } from '../time.js';
import { shouldFire, type MergeContext, type TriggerContext, type TriggerNode, type TriggerState } from '../triggers/stateMachine.js';
import { describeTrigger } from '../triggers/trigger.js';
import { GLOBAL_WINDOW, type Window } from '../windows/window.js';

/** The reusable trigger context; `now` is read lazily because only processing-time triggers need it. */
export class Context implements TriggerContext {
  window: Window = GLOBAL_WINDOW;
  inputWatermark: Instant = MIN_TIMESTAMP;
  state!: TriggerState;
  constructor(
    private readonly clock: () => Instant,
    readonly isMerging: boolean,
    private readonly onTimer: (at: Instant) => void,
    /** Undefined when every window has its end-of-window timer anyway. */
    private readonly onEndOfWindowTimer: (() => void) | undefined,
  ) {}
  get now(): Instant {
    return this.clock();
  }
  setProcessingTimer(at: Instant): void {
    this.onTimer(at);
  }
  setEndOfWindowTimer(): void {
    const note = this.onEndOfWindowTimer;
    if (note !== undefined) note();
  }
}

/** The context of a trigger merge, reused across merges; `now` and timers go through the element context. */
export class MergeCtx implements MergeContext {
  window: Window = GLOBAL_WINDOW;
  inputWatermark: Instant = MIN_TIMESTAMP;
  readonly isMerging = true;
  state!: TriggerState;
  merging: readonly TriggerState[] = [];
  constructor(private readonly base: Context) {}
  get now(): Instant {
    return this.base.now;
  }
  setProcessingTimer(at: Instant): void {
    this.base.setProcessingTimer(at);
  }
  setEndOfWindowTimer(): void {
    this.base.setEndOfWindowTimer();
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
