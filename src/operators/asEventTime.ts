import { Observable, type OperatorFunction } from 'rxjs';
import type { Pane } from '../core/pane.js';
import type { EventTimeRecord } from '../core/records.js';
import { MAX_TIMESTAMP, describeValue } from '../time.js';
import { invalidValueError } from './errors.js';
import { EVENT_TIME_RECORDS, type PaneStream } from './stream.js';

const RECORD_KINDS = new Set(['element', 'bundle', 'watermark', 'strategy', 'clock', 'barrier', 'restore']);

function isPane(v: unknown): v is Pane<unknown, unknown> {
  const p = v as Partial<Pane<unknown, unknown>> | null;
  return typeof p === 'object' && p !== null && typeof p.timestamp === 'number' && typeof p.window === 'object' && typeof p.pane === 'object';
}

/**
 * The record form of one value of a stream that carries panes or event-time records: a pane becomes an
 * element stamped with its timestamp and carrying its window; a record stays as it is; anything else
 * gives `undefined`.
 */
export function paneOrRecord<V, K>(v: unknown): EventTimeRecord<Pane<V, K>> | undefined {
  if (isPane(v)) return { kind: 'element', value: v as Pane<V, K>, timestamp: v.timestamp, windows: [v.window] };
  if (typeof v === 'object' && v !== null && RECORD_KINDS.has((v as { kind?: string }).kind ?? '')) return v as EventTimeRecord<Pane<V, K>>;
  return undefined;
}

/**
 * Continues event-time processing after a grouping: turns its panes back into event-time records, each
 * pane an element stamped with its timestamp and carrying its window, with the grouping's output
 * watermark and continuation trigger. Then window again (`fixedWindow(...)`) and group again
 * (`combinePerKey(...)`), as a Beam pipeline applies one GroupByKey after another.
 *
 * A pane stream that went through plain RxJS operators (`filter`, `map`) has lost its watermarks and its
 * strategy: its panes still become elements, its watermark moves only when it completes, and its
 * strategy is the default one.
 *
 * @example
 * perMinute$.pipe(asEventTime(), fixedWindow(3_600_000), combinePerKey((p) => p.key, sum((p) => p.value)))
 *
 * @category Operators
 */
export function asEventTime<V, K>(): OperatorFunction<Pane<V, K>, EventTimeRecord<Pane<V, K>>> {
  return (source) => {
    const hidden = (source as Partial<PaneStream<V, K>>)[EVENT_TIME_RECORDS];
    if (hidden !== undefined) return hidden;
    return new Observable<EventTimeRecord<Pane<V, K>>>((subscriber) =>
      (source as Observable<unknown>).subscribe({
        next: (v) => {
          const r = paneOrRecord<V, K>(v);
          if (r !== undefined) subscriber.next(r);
          else subscriber.error(invalidValueError('asEventTime', `each value must be a pane or an event-time record, got ${describeValue(v)}`));
        },
        error: (e: unknown) => subscriber.error(e),
        complete: () => {
          subscriber.next({ kind: 'watermark', watermark: MAX_TIMESTAMP });
          subscriber.complete();
        },
      }),
    );
  };
}
