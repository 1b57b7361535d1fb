import type { OperatorFunction } from 'rxjs';
import type { EventTimeRecord } from '../core/records.js';
import { DEFAULT_STRATEGY, type WindowingStrategy } from '../core/strategy.js';
import { fusedStream, sharesGate, strategyRecordsOf, subscribeRecords, type RecordSink } from './fusion.js';

/**
 * An operator that changes the windowing strategy of the elements that pass through, leaving the
 * elements themselves untouched (windows are assigned by the grouping, so no per-element work here).
 * Between our operators it is fused: elements pass through as direct calls.
 *
 * The strategy is settled once per subscription: the output starts with exactly one strategy record,
 * `update` of the upstream strategy, before any other record. When the upstream is one of our streams it
 * says how it carries its strategy (its first record, or none at all), and elements go straight through;
 * from any other stream the upstream strategy is the one its first record carries, or the default when
 * that first record is something else.
 */
export function strategyOperator<T>(op: string, update: (upstream: WindowingStrategy) => WindowingStrategy): OperatorFunction<EventTimeRecord<T>, EventTimeRecord<T>> {
  return (source) => {
    const upstreamSends = strategyRecordsOf(source);
    // It has no input of its own: it shares a gate exactly when it passes elements straight from an upstream that does.
    const shares = upstreamSends !== undefined && sharesGate(source);
    return fusedStream<T>((sink) => {
      let settled = false;
      const settle = (upstream: WindowingStrategy) => {
        settled = true;
        sink.record({ kind: 'strategy', strategy: update(upstream) });
      };
      if (upstreamSends === 'none') settle(DEFAULT_STRATEGY);
      const upstreamSink: RecordSink<T> = {
        gate: shares ? sink.gate : undefined,
        // Only an upstream that did not say how it carries its strategy needs a check per element.
        element:
          upstreamSends === undefined
            ? (value, timestamp, windows) => {
                if (!settled) settle(DEFAULT_STRATEGY);
                sink.element(value, timestamp, windows);
              }
            : sink.element,
        record: (r) => {
          if (r.kind === 'strategy') {
            if (!settled) return settle(r.strategy);
            // A second strategy from upstream is a change; passed on, a grouping refuses it once it has elements.
            return sink.record({ kind: 'strategy', strategy: update(r.strategy) });
          }
          if (!settled) settle(DEFAULT_STRATEGY);
          sink.record(r);
        },
        // After the strategy record that such an upstream sends first, a watermark needs no check either.
        watermark: upstreamSends === undefined || sink.watermark === undefined ? undefined : sink.watermark,
        error: sink.error,
        complete: () => {
          if (!settled) settle(DEFAULT_STRATEGY);
          sink.complete();
        },
      };
      return subscribeRecords<T>(op, source, upstreamSink);
    }, { strategy: 'first', sharesGate: shares });
  };
}
