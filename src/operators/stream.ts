import { Observable, type TeardownLogic } from 'rxjs';
import type { Pane } from '../core/pane.js';
import { element, type ControlRecord, type EventTimeRecord } from '../core/records.js';

/**
 * An Observable of event-time records: what flows between the operators of this package (the protocol is in fusion.ts).
 *
 * @category Operators
 */
export type EventTimeStream<T> = Observable<EventTimeRecord<T>>;

/**
 * An operator that changes how a stream is windowed or triggered but not its elements: generic in the
 * element type, so `pipe` takes it from the stream it is applied to and a reusable fragment such as
 * `pipe(fixedWindow(60_000), afterWatermark())` keeps it too. A key function of the wrong element type
 * downstream is then reported on the grouping that uses it, not on the window.
 */
export type EventTimeOperator = <T>(source: EventTimeStream<T>) => EventTimeStream<T>;

/**
 * The property under which a pane stream keeps its record form (panes plus watermarks and strategy),
 * so that a later grouping or join downstream sees the output watermark.
 *
 * @category Operators
 */
export const EVENT_TIME_RECORDS: unique symbol = Symbol.for('rxjs-event-time/records');

/**
 * The output of a grouping: subscribers get plain panes; operators of this package downstream read
 * the record form with the output watermark through {@link EVENT_TIME_RECORDS}.
 *
 * @category Operators
 */
export interface PaneStream<V, K> extends Observable<Pane<V, K>> {
  readonly [EVENT_TIME_RECORDS]: EventTimeStream<Pane<V, K>>;
}

/**
 * Anything an event-time operator accepts: a record stream, or a grouping's pane stream.
 *
 * @category Operators
 */
export type EventTimeInput<T> = EventTimeStream<T> | Observable<T>;

/**
 * The record form of an input: a pane stream's hidden records, or the stream itself (already records).
 *
 * @category Operators
 */
export function recordsOf<T>(source: Observable<unknown>): EventTimeStream<T> {
  const hidden = (source as Partial<PaneStream<unknown, unknown>>)[EVENT_TIME_RECORDS];
  if (hidden !== undefined) return hidden as unknown as EventTimeStream<T>;
  return source as EventTimeStream<T>;
}

/**
 * Where a pane stream's producer sends its output: its panes, and its other records (watermarks, the
 * strategy, checkpoint records) when `wantRecords` says anyone reads them. A plain pane subscriber gets
 * each pane as it is, with no record made for it and no watermark sent.
 */
export interface PaneOutput<V, K> {
  readonly wantRecords: boolean;
  pane(pane: Pane<V, K>): void;
  record(record: ControlRecord<Pane<V, K>>): void;
  error(e: unknown): void;
  complete(): void;
}

/**
 * Builds a pane stream from a producer of panes and records: subscribed as an Observable, plain panes;
 * subscribed through {@link EVENT_TIME_RECORDS}, the record form (each pane an element at its timestamp
 * in its window).
 */
export function paneStream<V, K>(subscribeOutput: (out: PaneOutput<V, K>) => TeardownLogic): PaneStream<V, K> {
  const records = new Observable<EventTimeRecord<Pane<V, K>>>((subscriber) =>
    subscribeOutput({
      wantRecords: true,
      pane: (p) => subscriber.next(element(p, p.timestamp, [p.window])),
      record: (r) => subscriber.next(r),
      error: (e) => subscriber.error(e),
      complete: () => subscriber.complete(),
    }),
  );
  const panes = new Observable<Pane<V, K>>((subscriber) =>
    subscribeOutput({
      wantRecords: false,
      pane: (p) => subscriber.next(p),
      record: () => undefined,
      error: (e) => subscriber.error(e),
      complete: () => subscriber.complete(),
    }),
  );
  return Object.assign(panes, { [EVENT_TIME_RECORDS]: records }) as PaneStream<V, K>;
}
