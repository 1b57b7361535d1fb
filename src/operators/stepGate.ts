/**
 * One input at a time for a stateful operator. An operator handles each input (an element, a
 * watermark, completion, a timer) in a step that may emit; a subscriber that feeds the operator's source
 * synchronously from inside that emission (a `Subject` fed by the output's subscriber) would otherwise
 * re-enter the operator in the middle of the step, with its state half-updated: elements lost from
 * discarding panes, or counted in two. Input that arrives during a step waits, in arrival order, and
 * runs as a step of its own once the current step has ended, as a runner processes one bundle after
 * the other.
 *
 * The hot path costs a field check and two stores per input, and allocates only on re-entry:
 *
 * ```ts
 * if (gate.state !== IDLE) return gate.defer(() => onValue(value));
 * gate.state = BUSY;
 * try { ... } catch (e) { fail(e); }
 * gate.leave();
 * ```
 */

/** No step runs: input is handled at once. */
export const IDLE = 0;
/** A step runs: input waits for it to end. */
export const BUSY = 1;
/** The operator has finished (completed, errored or unsubscribed): input is ignored. */
export const CLOSED = 2;
/** A step runs and input waits for it: {@link StepGate.leave} has work to do. */
const BUSY_WITH_WAITING = 3;

/** Serialises an operator's input into steps: a step that arrives while another runs waits for it (see the file comment). */
export class StepGate {
  /**
   * {@link IDLE}, {@link BUSY}, or {@link CLOSED}; while input waits it is none of the three, so compare
   * with `!== IDLE` and `=== CLOSED`. Callers set {@link BUSY} when a step starts, and end it with
   * {@link leave}, which counts it.
   */
  state: number = IDLE;
  /**
   * Counts the steps that ended (modulo 2^30, so that it stays a small integer): the same during a step
   * and different in the next, so that what a step works out once (the processing time) can be kept for it.
   */
  ended = 0;
  private waiting: (() => void)[] | undefined;
  private draining = false;
  /** Closed while a step ran, and that step has not ended yet. */
  private closedInRunningStep = false;

  /** `closedInStep` runs when a step ends after the gate was closed during it (to free state the step still used). */
  constructor(private readonly closedInStep?: () => void) {}

  /** Queues input that arrived during a step; input after closing is ignored. */
  defer(step: () => void): void {
    if (this.state === CLOSED) return;
    (this.waiting ??= []).push(step);
    this.state = BUSY_WITH_WAITING;
  }

  /** Ends a step, then runs the input that waited for it, each as a step of its own. */
  leave(): void {
    this.ended = (this.ended + 1) & 0x3fffffff;
    // One comparison when nothing waits: the state says whether anything does.
    if (this.state === BUSY) this.state = IDLE;
    else this.leaveSlowly();
  }

  /** Closes the gate; true when a step is running (it ends with `closedInStep`). */
  close(): boolean {
    if (this.state === BUSY || this.state === BUSY_WITH_WAITING) this.closedInRunningStep = true;
    this.state = CLOSED;
    this.waiting = undefined;
    return this.closedInRunningStep;
  }

  private leaveSlowly(): void {
    if (this.state === CLOSED) {
      if (!this.closedInRunningStep) return;
      this.closedInRunningStep = false;
      this.closedInStep?.();
      return;
    }
    this.state = IDLE;
    // A step run from the queue leaves into the loop below, which runs the rest in order.
    if (this.draining || this.waiting === undefined) return;
    const waiting = this.waiting;
    this.draining = true;
    try {
      // Steps that arrive meanwhile are appended to the same array, so the loop reaches them in order.
      for (let i = 0; i < waiting.length && this.state === IDLE; i++) waiting[i]();
    } finally {
      this.draining = false;
      if (this.waiting === waiting) this.waiting = undefined;
    }
  }
}
