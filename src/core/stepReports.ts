/**
 * What the reducer tells its shell at the end of each step, through the one channel of `ReducerSink`:
 * the output watermark when the step moved it, and the earliest processing time to be woken after when
 * the step may have changed it. Only a trigger hook files a processing-time timer and only a firing or a
 * watermark moves the output watermark, so most element steps report nothing.
 */
import { MIN_TIMESTAMP, type Instant } from '../time.js';
import type { WatermarkHolds } from './holds.js';
import type { ReducerSink } from './reducerTypes.js';
import type { TriggerRunner } from './triggerRunner.js';

const NEVER = Number.POSITIVE_INFINITY;

/** The reports of one reducer. */
export class StepReports<K, Acc> {
  /** The output watermark last reported. */
  private output: Instant = MIN_TIMESTAMP;
  /** `triggers.timersFiled` when the wake-up was last reported: a change means it may be earlier now. */
  private timersSeen = 0;
  /** The wake-up last reported. */
  private wakeUpAt: Instant = NEVER;

  constructor(
    private readonly sink: ReducerSink<K, unknown, unknown>,
    private readonly holds: WatermarkHolds<K, Acc>,
    private readonly triggers: TriggerRunner<K, Acc>,
  ) {}

  /** After an element or a bundle: the output watermark if a firing moved it, the wake-up if a timer was filed. */
  afterInput(): void {
    this.reportOutput();
    if (this.triggers.timersFiled !== this.timersSeen) this.reportWakeUp();
  }

  /** After a watermark: windows collected take their processing-time timers with them, so the wake-up may be later, or none. */
  afterWatermark(): void {
    this.reportOutput();
    if (this.triggers.processingTimers.size !== 0 || this.wakeUpAt !== NEVER) this.reportWakeUp();
  }

  /** After a processing-time wake-up: always the next one (the shell's action has run and needs a new one, if any). */
  afterProcessingTime(): void {
    this.reportOutput();
    this.reportWakeUp();
  }

  /** After a restore: the restored output watermark went downstream before; the wake-up is new to this shell. */
  afterRestore(output: Instant): void {
    this.output = output;
    this.reportWakeUp();
  }

  private reportOutput(): void {
    const output = this.holds.output;
    if (output > this.output) {
      this.output = output;
      this.sink.outputWatermark?.(output);
    }
  }

  private reportWakeUp(): void {
    this.timersSeen = this.triggers.timersFiled;
    this.wakeUpAt = this.triggers.wakeUpReported = this.triggers.nextTimer();
    this.sink.wakeUp?.(this.wakeUpAt);
  }
}
