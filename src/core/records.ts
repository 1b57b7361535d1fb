import { MAX_TIMESTAMP, MIN_TIMESTAMP, describeValue, isValidTimestamp, type Instant } from '../time.js';
import type { Window } from '../windows/window.js';
import { OperatorStates } from './operatorStates.js';
import type { WindowingStrategy } from './strategy.js';

/**
 * The records event-time operators exchange, like Flink's stream records: elements with their event
 * time, watermarks, and the windowing strategy set by window and trigger operators.
 *
 * @category Core
 */
export type EventTimeRecord<T> = ElementRecord<T> | BundleRecord<T> | WatermarkRecord | StrategyRecord | ClockRecord | CheckpointRecord;

/**
 * Every record but an element: what a record sink's `record` receives (elements have a call of their own).
 *
 * @category Core
 */
export type ControlRecord<T> = Exclude<EventTimeRecord<T>, ElementRecord<T>>;

/**
 * The two records of checkpointing, which pass every operator in order with the data. A **barrier**
 * (Flink's checkpoint barrier): each stateful operator files its state in `states` as the barrier
 * passes, then sends it on, so the states of one checkpoint all stand at the same point of the input.
 * A **restore** comes before any other input after a restart: each stateful operator takes its state
 * from `states`, then sends it on. An operator with several inputs waits for the barrier on all of them.
 *
 * @category Durable state
 */
export interface CheckpointRecord {
  readonly kind: 'barrier' | 'restore';
  readonly states: OperatorStates;
}

/**
 * One value with its event time (and windows, once a grouping has put it in one).
 *
 * @category Core
 */
export interface ElementRecord<T> {
  readonly kind: 'element';
  readonly value: T;
  readonly timestamp: Instant;
  readonly windows?: readonly Window[] | undefined;
}

/**
 * Several elements that arrive together. A grouping asks its triggers once per bundle, as Beam does.
 *
 * @category Core
 */
export interface BundleRecord<T> {
  readonly kind: 'bundle';
  readonly elements: readonly ElementRecord<T>[];
}

/**
 * "No element with an earlier event time will follow" (late ones excepted). Never decreases.
 *
 * @category Core
 */
export interface WatermarkRecord {
  readonly kind: 'watermark';
  readonly watermark: Instant;
  /**
   * The source went idle (Flink's `WatermarkStatus.IDLE`): the watermark has not moved, and a merge of
   * streams stops waiting for this one until it sends an element again (see `withIdleness`).
   */
  readonly idle?: boolean | undefined;
}

/**
 * The windowing strategy for the elements that follow.
 *
 * @category Core
 */
export interface StrategyRecord {
  readonly kind: 'strategy';
  readonly strategy: WindowingStrategy;
}

/**
 * Processing time has just moved, and until the stream ends moves only with such records: the clock of
 * a test stream, which jumps (Beam: a `TestStream` processing-time event moving the `TestClock`). A
 * grouping fires every processing-time timer then due, once per window, and schedules no wake-ups of
 * its own. The first one arrives before any element.
 */
export interface ClockRecord {
  readonly kind: 'clock';
}

/** Creates an element record. */
export function element<T>(value: T, timestamp: Instant, windows?: readonly Window[]): ElementRecord<T> {
  return windows === undefined ? { kind: 'element', value, timestamp } : { kind: 'element', value, timestamp, windows };
}

/** Creates a watermark record. */
export function watermark(t: Instant): WatermarkRecord {
  return { kind: 'watermark', watermark: t };
}

const EVENT_TIME_RULE = 'event time must be a finite number of epoch ms within ±8.64e15';

function elementProblem(e: Partial<ElementRecord<unknown>>): string | undefined {
  if (!isValidTimestamp(e.timestamp)) return `an element's ${EVENT_TIME_RULE}, got ${describeValue(e.timestamp)}`;
  if (e.windows !== undefined && !Array.isArray(e.windows)) return `an element's windows must be an array, got ${describeValue(e.windows)}`;
  return undefined;
}

/**
 * Why a value that arrived on an event-time stream is not a well-formed record, or `undefined` when it
 * is one. Operators check records they receive from streams not built by this package (plain RxJS
 * operators, hand-made records), so that such input errors instead of vanishing.
 */
export function recordProblem(r: unknown): string | undefined {
  if (typeof r === 'object' && r !== null) {
    const rec = r as Partial<{ kind: unknown; watermark: unknown; strategy: unknown; elements: unknown }>;
    switch (rec.kind) {
      case 'element':
        return elementProblem(r);
      case 'watermark': {
        const w = rec.watermark;
        return typeof w === 'number' && w >= MIN_TIMESTAMP && w <= MAX_TIMESTAMP ? undefined : `a watermark must be a number of epoch ms within ±8.64e15, got ${describeValue(w)}`;
      }
      case 'bundle': {
        if (!Array.isArray(rec.elements)) return `a bundle's elements must be an array, got ${describeValue(rec.elements)}`;
        for (const e of rec.elements as unknown[]) {
          if (typeof e !== 'object' || e === null || (e as { kind?: unknown }).kind !== 'element') return `a bundle must hold element records, got ${describeValue(e)}`;
          const problem = elementProblem(e);
          if (problem !== undefined) return problem;
        }
        return undefined;
      }
      case 'strategy':
        return typeof rec.strategy === 'object' && rec.strategy !== null ? undefined : `a strategy record must carry a strategy, got ${describeValue(rec.strategy)}`;
      case 'clock':
        return undefined;
      case 'barrier':
      case 'restore':
        return (r as { states?: unknown }).states instanceof OperatorStates ? undefined : `a ${String(rec.kind)} record must carry the operator states of its checkpoint, got ${describeValue((r as { states?: unknown }).states)}`;
    }
  }
  const hint = isPaneLike(r) ? 'put asEventTime() before it to continue from panes' : 'start with assignEventTime(...)';
  return `input is not an event-time stream: ${hint}, got ${describeValue(r)}`;
}

function isPaneLike(v: unknown): boolean {
  return typeof v === 'object' && v !== null && 'pane' in v && 'window' in v && 'key' in v;
}
