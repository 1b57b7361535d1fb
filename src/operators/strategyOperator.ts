import type { OperatorFunction } from 'rxjs';
import type { EventTimeRecord } from '../core/records.js';
import { DEFAULT_STRATEGY, type WindowingStrategy } from '../core/strategy.js';
import { fusedStream, subscribeRecords } from './fusion.js';

/**
 * An operator that changes the windowing strategy of the elements that pass through, leaving the
 * elements themselves untouched (windows are assigned by the grouping, so no per-element work here).
 * Its strategy record goes out first; a strategy arriving from upstream is updated the same way.
 * Between our operators it is fused: elements pass through as direct calls.
 */
export function strategyOperator<T>(update: (upstream: WindowingStrategy) => WindowingStrategy): OperatorFunction<EventTimeRecord<T>, EventTimeRecord<T>> {
  return (source) =>
    fusedStream<T>((sink) => {
      sink.record({ kind: 'strategy', strategy: update(DEFAULT_STRATEGY) });
      return subscribeRecords<T>(source, {
        element: sink.element,
        record: (r) => sink.record(r.kind === 'strategy' ? { kind: 'strategy', strategy: update(r.strategy) } : r),
        error: sink.error,
        complete: sink.complete,
      });
    });
}
