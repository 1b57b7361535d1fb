import type { Observable, OperatorFunction } from 'rxjs';
import type { EventTimeRecord } from '../core/records.js';
import { TemporalJoiner, type TemporalJoinMetrics } from '../core/temporalJoiner.js';
import { requireFunction, requireObservable, requireOneOf, requireOptionalFunction, requireOptions } from '../internal/checks.js';
import type { DeadLetterSink } from './deadLetters.js';
import type { Joined } from './intervalJoin.js';
import type { EventTimeStream } from './stream.js';
import { guardJoin, joinedPair, joinKey, requireSharedJoinOptions, twoInputJoin } from './twoInputJoin.js';

/**
 * Options of {@link temporalJoin}.
 *
 * @category Operators
 */
export interface TemporalJoinOptions<T, V, K, O> {
  /** The key of a main (piped) element; keys are compared by value (see `encodeKey`). */
  readonly key: (value: T) => K;
  /** The key of a table element (a version of its key's row). Flink: the versioned table's primary key. */
  readonly tableKey: (version: V) => K;
  /** Makes the output of an element and its version. Default `{ left: value, right: version }`. Flink: the join's projection. */
  readonly join?: ((value: T, version: V) => O) | undefined;
  /**
   * What an element does when its key has no version at its time: `'drop'` (default, Flink's inner
   * temporal join) counts it in `unmatched` and sends it to `deadLetters` with reason `'no-match'`;
   * `'emit-undefined'` (Flink's left temporal join) emits it joined with `undefined`.
   */
  readonly missing?: 'drop' | 'emit-undefined' | undefined;
  /**
   * How far behind its watermark the table may still send versions, and the main stream elements, in ms
   * (default 0). Elements wait as much longer for the table, and the output watermark is held back as
   * much. Versions and elements beyond it are dead letters `'beyond-allowed-lateness'`.
   */
  readonly allowedLateness?: number | undefined;
  /** Where late elements and versions, unmatched elements and (under `onError: 'route'`) bad keys go: pass a `Subject`. */
  readonly deadLetters?: DeadLetterSink<T | V> | undefined;
  /**
   * What an element or version whose key function throws, or whose key is invalid, does: `'fail'`
   * (default) errors the stream; `'route'` sends it to `deadLetters` (required with it), counts it in `badRecords`, and goes on.
   */
  readonly onError?: 'fail' | 'route' | undefined;
  /** Receives the join's live counters once per subscription, before any input (see {@link TemporalJoinMetrics}). */
  readonly onMetrics?: ((metrics: Readonly<TemporalJoinMetrics>) => void) | undefined;
  /** The id its state is filed under in checkpoints (see `GroupingOptions.uid`). Default the operator's name and its place (`temporalJoin#1`). */
  readonly uid?: string | undefined;
}

/** The checks of a temporal join's options, when the operator is built. */
function requireTemporalOptions(op: string, options: TemporalJoinOptions<never, never, unknown, unknown>): void {
  const o = requireOptions(op, options);
  requireFunction(op, 'key', o.key);
  requireFunction(op, 'tableKey', o.tableKey);
  requireOptionalFunction(op, 'join', o.join);
  requireOneOf(op, 'missing', o.missing, ['drop', 'emit-undefined']);
  requireSharedJoinOptions(op, o);
}

/**
 * Joins each element of the piped stream with the version its key had, at the element's event time, in
 * the table stream `table$` (a changelog: each element is the new version of its key's row, valid from
 * its event time on). Flink: the event-time temporal table join (`JOIN ... FOR SYSTEM_TIME AS OF`);
 * Kafka Streams: a stream-table join over a versioned state store.
 *
 * An element waits until the table's watermark minus `allowedLateness` is past its time (or the table
 * has ended), since until then a version at or before its time may still come; it is then joined with
 * the version of the largest time at or before its own (a later version at the same time replaces an
 * earlier one) and emitted stamped with its own event time. An element whose key has no version then is
 * handled by `missing`. The output watermark is the smaller of the inputs' watermarks minus
 * `allowedLateness`. Per key, only the latest version at or before that point and newer ones are kept;
 * the latest version of each key stays (as in a table) until both inputs end. The output has no windows
 * and the default strategy.
 *
 * @param table$ - The table input: versions of rows, as an event-time stream.
 * @param options - `key`, `tableKey`, and `join`, `missing`, `allowedLateness`, `deadLetters`, `onError`, `onMetrics`.
 *
 * @example
 * // Each order with the exchange rate of its currency at the order's time.
 * orders$.pipe(temporalJoin(rates$, { key: (o) => o.currency, tableKey: (r) => r.currency, join: (o, r) => o.amount * r.rate }))
 *
 * @category Operators
 */
export function temporalJoin<T, V, K, O = Joined<T, V>>(
  table$: Observable<EventTimeRecord<V>>,
  options: TemporalJoinOptions<T, V, K, O> & { readonly missing?: 'drop' | undefined },
): OperatorFunction<EventTimeRecord<T>, EventTimeRecord<O>>;
/** The same with `missing: 'emit-undefined'`: the version may be `undefined`. */
export function temporalJoin<T, V, K, O = Joined<T, V | undefined>>(
  table$: Observable<EventTimeRecord<V>>,
  options: Omit<TemporalJoinOptions<T, V, K, O>, 'join' | 'missing'> & { readonly join?: ((value: T, version: V | undefined) => O) | undefined; readonly missing: 'emit-undefined' },
): OperatorFunction<EventTimeRecord<T>, EventTimeRecord<O>>;
export function temporalJoin<T, V, K, O>(
  table$: Observable<EventTimeRecord<V>>,
  options: TemporalJoinOptions<T, V, K, O>,
): OperatorFunction<EventTimeRecord<T>, EventTimeRecord<O>> {
  const op = 'temporalJoin';
  requireObservable(op, 'table$', table$);
  requireTemporalOptions(op, options as unknown as TemporalJoinOptions<never, never, unknown, unknown>);
  const route = options.onError === 'route' ? options.deadLetters : undefined;
  const join = options.join === undefined ? joinedPair : guardJoin(op, options.join);
  const config = {
    allowedLateness: options.allowedLateness ?? 0,
    key: joinKey<T>(op, 'key', options.key, route),
    tableKey: joinKey<V>(op, 'tableKey', options.tableKey, route),
    join: join as (value: T, version: V | undefined) => O,
    emitUnmatched: options.missing === 'emit-undefined',
  };
  return (source): EventTimeStream<O> =>
    twoInputJoin<T, V, O, TemporalJoinMetrics>(op, source, table$, options, (out) => new TemporalJoiner<T, V, O>(config, out));
}
