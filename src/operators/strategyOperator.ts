import { Observable, type OperatorFunction } from 'rxjs';
import type { EventTimeRecord } from '../core/records.js';
import { DEFAULT_STRATEGY, type WindowingStrategy } from '../core/strategy.js';
import { recordsOf } from './stream.js';

/**
 * An operator that changes the windowing strategy of the elements that pass through, leaving the
 * elements themselves untouched (windows are assigned by the grouping, so no per-element work here).
 * Its strategy record goes out first; a strategy arriving from upstream is updated the same way.
 */
export function strategyOperator<T>(update: (upstream: WindowingStrategy) => WindowingStrategy): OperatorFunction<EventTimeRecord<T>, EventTimeRecord<T>> {
  return (source) =>
    new Observable<EventTimeRecord<T>>((subscriber) => {
      subscriber.next({ kind: 'strategy', strategy: update(DEFAULT_STRATEGY) });
      return recordsOf<T>(source).subscribe({
        next: (r) => subscriber.next(r.kind === 'strategy' ? { kind: 'strategy', strategy: update(r.strategy) } : r),
        error: (e: unknown) => subscriber.error(e),
        complete: () => subscriber.complete(),
      });
    });
}
