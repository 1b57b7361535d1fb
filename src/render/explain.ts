import type { Pane } from '../core/pane.js';
import type { Firing } from '../core/reducerTypes.js';
import { requireOptionalBoolean, requireOptionalFunction, requireOptions } from '../internal/checks.js';
import { describeValue, formatInstant, type Instant } from '../time.js';

/**
 * Options of {@link explainPane}.
 *
 * @category Rendering
 */
export interface ExplainOptions {
  /** How event times and watermarks are written. Default `formatInstant` (ISO-8601 UTC, `+inf`, `-inf`). */
  readonly formatTime?: ((t: Instant) => string) | undefined;
  /** How processing times are written. Default: as event times. */
  readonly formatProcessingTime?: ((t: Instant) => string) | undefined;
  /**
   * A shorter sentence for lists that state the whole trigger once (as `renderTimeline` does): the
   * trigger that fired is named on its own, without the composite trigger it sits in ("the trigger"
   * when the whole trigger fired), and a garbage-collection pane is said in a few words. Default false.
   */
  readonly brief?: boolean | undefined;
}

/** A key as explanations write it: strings quoted as JSON, objects as JSON, others as text. */
export function keyText(key: unknown): string {
  if (typeof key === 'string') return JSON.stringify(key);
  if (typeof key === 'object' && key !== null) {
    try {
      const json = JSON.stringify(key);
      if (json !== undefined) return json;
    } catch {
      // A cycle, a BigInt inside, or a toJSON that throws: named below instead.
    }
  }
  return describeValue(key);
}

/**
 * The trigger that fired, most specific first: "AfterCount(2) (inside AfterWatermark...)"; in brief,
 * only the inner one ("AfterCount(2)"), or "the trigger" when it was the whole trigger.
 */
function triggerText(ready: readonly string[], brief: boolean): string {
  if (ready.length === 0 || (brief && ready.length === 1)) return 'the trigger';
  const innermost = ready[ready.length - 1];
  return ready.length === 1 ? innermost : brief ? innermost : `${innermost} (inside ${ready[0]})`;
}

/**
 * One sentence on why a pane exists: which trigger fired and what set it off (an element, the
 * watermark, a processing-time timer, or garbage collection), at which input and output watermark
 * and processing time. A retraction (under `accumulation: 'accumulatingAndRetracting'`) is said to
 * withdraw the pane it repeats, ahead of the key's next pane, whose firing it came with. Beam has no
 * equivalent; it reads the `Firing` given to a grouping's `onFiring`.
 *
 * @param pane - The pane given to `onFiring`.
 * @param firing - The `Firing` given with it.
 * @param options - `formatTime` and `formatProcessingTime` for the times in the sentence.
 *
 * @example
 * combinePerKey(key, fn, { onFiring: (pane, firing) => console.log(explainPane(pane, firing)) })
 * // The ON_TIME pane 0 (first) of key "u1" in window [2024-01-01T00:00:00.000Z, 2024-01-01T00:01:00.000Z)
 * // fired when the input watermark passed the end of the window and AfterWatermark.pastEndOfWindow() was
 * // ready, at input watermark ..., output watermark ... and processing time ....
 *
 * @category Rendering
 */
export function explainPane(pane: Pane<unknown, unknown>, firing: Firing, options: ExplainOptions = {}): string {
  requireOptions('explainPane', options);
  requireOptionalFunction('explainPane', 'formatTime', options.formatTime);
  requireOptionalFunction('explainPane', 'formatProcessingTime', options.formatProcessingTime);
  requireOptionalBoolean('explainPane', 'brief', options.brief);
  if (typeof pane !== 'object' || pane === null) throw new TypeError(`explainPane: pane must be a Pane, got ${describeValue(pane)}`);
  if (typeof firing !== 'object' || firing === null) throw new TypeError(`explainPane: firing must be the Firing given to onFiring, got ${describeValue(firing)}`);
  const time = options.formatTime ?? formatInstant;
  const processing = options.formatProcessingTime ?? time;
  const { timing, index, isFirst, isLast } = pane.pane;
  const position = isFirst && isLast ? ' (first and last)' : isFirst ? ' (first)' : isLast ? ' (last)' : '';
  const paneText = `the ${timing} pane ${index}${position} of key ${keyText(pane.key)} in window [${time(pane.window.start)}, ${time(pane.window.end)})`;
  const when = `input watermark ${time(firing.inputWatermark)}, output watermark ${time(firing.outputWatermark)} and processing time ${processing(firing.processingTime)}`;
  const brief = options.brief === true;
  const trigger = triggerText(firing.readyTriggers, brief);
  if (pane.retraction === true) {
    return `A retraction withdraws ${paneText}, ahead of the pane of that key that replaces it, which ${causeText(firing.cause, trigger)}, at ${when}.`;
  }
  const subject = `T${paneText.slice(1)}`;
  switch (firing.cause) {
    case 'element':
      return `${subject} fired when an element arrived and ${trigger} was ready, at ${when}.`;
    case 'watermark':
      return `${subject} fired when the input watermark passed the end of the window and ${trigger} was ready, at ${when}.`;
    case 'processingTime':
      return `${subject} fired when a processing-time timer went off and ${trigger} was ready, at ${when}.`;
    case 'garbageCollection':
      if (brief) return `${subject} came out at garbage collection (watermark past the window's end plus the allowed lateness), at ${when}.`;
      return (
        `${subject} was emitted at garbage collection, without asking the trigger: the input watermark passed the end ` +
        `of the window plus the allowed lateness, so the window's last pane came out and its state was dropped, at ${when}.`
      );
  }
}

/** What set off the firing a retraction came with, as a clause ("fired when an element arrived and ... was ready"). */
function causeText(cause: Firing['cause'], trigger: string): string {
  switch (cause) {
    case 'element':
      return `fired when an element arrived and ${trigger} was ready`;
    case 'watermark':
      return `fired when the input watermark passed the end of the window and ${trigger} was ready`;
    case 'processingTime':
      return `fired when a processing-time timer went off and ${trigger} was ready`;
    case 'garbageCollection':
      return 'came out at garbage collection (watermark past the window\'s end plus the allowed lateness)';
  }
}
