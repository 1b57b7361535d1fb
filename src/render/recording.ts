import { asyncScheduler, Observable, type MonoTypeOperatorFunction, type SchedulerLike } from 'rxjs';
import type { Pane } from '../core/pane.js';
import type { EventTimeRecord } from '../core/records.js';
import type { DroppedElement, Firing } from '../core/reducerTypes.js';
import { requireOptionalFunction, requireOptionalScheduler, requireOptions } from '../internal/checks.js';
import { describeValue, type Instant } from '../time.js';

/**
 * Something that happened during a recorded run, in the order it happened (`seq`).
 *
 * @category Rendering
 */
export type RecordedEvent<T> = RecordedElement<T> | RecordedWatermark | RecordedPane | RecordedDrop<T>;

/**
 * An element that reached the grouping: when it arrived (processing time) and its event time.
 *
 * @category Rendering
 */
export interface RecordedElement<T> {
  readonly kind: 'element';
  readonly seq: number;
  readonly processingTime: Instant;
  readonly eventTime: Instant;
  readonly value: T;
  /** Short text shown beside the element in a timeline. */
  readonly label: string;
}

/**
 * A watermark that reached the grouping.
 *
 * @category Rendering
 */
export interface RecordedWatermark {
  readonly kind: 'watermark';
  readonly seq: number;
  readonly processingTime: Instant;
  readonly watermark: Instant;
}

/**
 * A pane the grouping emitted, with how it came about.
 *
 * @category Rendering
 */
export interface RecordedPane {
  readonly kind: 'pane';
  readonly seq: number;
  readonly processingTime: Instant;
  readonly pane: Pane<unknown, unknown>;
  readonly firing: Firing;
}

/**
 * An element the grouping dropped from one window; `element` is the `seq` of its arrival, when known.
 *
 * @category Rendering
 */
export interface RecordedDrop<T> {
  readonly kind: 'dropped';
  readonly seq: number;
  readonly processingTime: Instant;
  readonly drop: DroppedElement<T>;
  readonly element: number | undefined;
}

/**
 * Everything one run of a grouping saw and did, in order. Read by `renderTimeline`.
 *
 * @category Rendering
 */
export interface RunRecording<T> {
  /** Every recorded happening; `events[i].seq === i`. */
  readonly events: readonly RecordedEvent<T>[];
}

/**
 * Options of {@link recordRun}.
 *
 * @category Rendering
 */
export interface RecordRunOptions<T> {
  /** The clock for arrival times: the same scheduler as the grouping's. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike | undefined;
  /** The text beside each element in a timeline. Default: strings as they are, other values as JSON. */
  readonly label?: ((value: T) => string) | undefined;
}

/**
 * What {@link recordRun} gives: a tap for the grouping's input, hooks for the grouping, and the recording.
 *
 * @category Rendering
 */
export interface RunRecorder<T> {
  /** Put on the record stream just before the windowing and grouping operators: notes elements and watermarks. */
  readonly input: MonoTypeOperatorFunction<EventTimeRecord<T>>;
  /** Spread into the grouping's options: `combinePerKey(key, fn, { scheduler, ...recorder.hooks })`. */
  readonly hooks: {
    /** Notes a pane and its firing (the grouping's `onFiring`). */
    readonly onFiring: (pane: Pane<unknown, unknown>, firing: Firing) => void;
    /** Notes a dropped element (the grouping's `onDropped`). */
    readonly onDropped: (drop: DroppedElement<T>) => void;
  };
  /** The recording so far; it grows while the run goes on. */
  readonly recording: RunRecording<T>;
}

function defaultLabel(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return describeValue(value);
  }
}

/**
 * Records one run of a grouping for a picture or a check: each element's arrival (processing time) and
 * event time, each watermark, each pane with its firing, and each dropped element. Beam has no
 * equivalent; it is the data behind a "watermark diagram" of Streaming 101/102.
 *
 * @param options - The grouping's `scheduler` (so arrival and firing times share one clock) and `label`, how an element is written.
 *
 * @example
 * const recorder = recordRun<Spend>({ scheduler, label: (e) => `${e.user} ${e.amount}` });
 * events$.pipe(
 *   recorder.input,
 *   fixedWindow(60_000),
 *   combinePerKey((e) => e.user, Combine.count(), { scheduler, ...recorder.hooks }),
 * ).subscribe();
 * const svg = renderTimeline(recorder.recording);
 *
 * @category Rendering
 */
export function recordRun<T>(options: RecordRunOptions<T> = {}): RunRecorder<T> {
  requireOptions('recordRun', options);
  requireOptionalScheduler('recordRun', 'scheduler', options.scheduler);
  requireOptionalFunction('recordRun', 'label', options.label);
  const scheduler = options.scheduler ?? asyncScheduler;
  const label = options.label ?? defaultLabel;
  const events: RecordedEvent<T>[] = [];
  // The latest arrival of each value, to tie a drop (reported synchronously while the grouping
  // handles the element) back to the element's dot.
  const lastArrival = new Map<T, number>();
  const noteElement = (value: T, eventTime: Instant) => {
    const seq = events.length;
    events.push({ kind: 'element', seq, processingTime: scheduler.now(), eventTime, value, label: label(value) });
    lastArrival.set(value, seq);
  };
  const input: MonoTypeOperatorFunction<EventTimeRecord<T>> = (source) =>
    new Observable<EventTimeRecord<T>>((subscriber) =>
      source.subscribe({
        next: (record) => {
          if (record.kind === 'element') noteElement(record.value, record.timestamp);
          else if (record.kind === 'bundle') for (const e of record.elements) noteElement(e.value, e.timestamp);
          else if (record.kind === 'watermark') {
            events.push({ kind: 'watermark', seq: events.length, processingTime: scheduler.now(), watermark: record.watermark });
          }
          subscriber.next(record);
        },
        error: (e: unknown) => subscriber.error(e),
        complete: () => subscriber.complete(),
      }),
    );
  return {
    input,
    hooks: {
      onFiring: (pane, firing) => {
        events.push({ kind: 'pane', seq: events.length, processingTime: firing.processingTime, pane, firing });
      },
      onDropped: (drop) => {
        events.push({ kind: 'dropped', seq: events.length, processingTime: scheduler.now(), drop, element: lastArrival.get(drop.value) });
      },
    },
    recording: { events },
  };
}
