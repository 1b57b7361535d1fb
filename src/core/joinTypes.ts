/**
 * What the pure join states share with the operators around them: how they learn an element's key, and
 * where their output goes.
 */
import type { Instant } from '../time.js';

/** What a {@link JoinKey} returns for an element it refused (and has routed as a dead letter already). */
export const NO_KEY: unique symbol = Symbol('no key');

/**
 * The identity of an element's key (see `keyId`: keys compared by value), or {@link NO_KEY} for an element
 * whose key was refused under `onError: 'route'`. Throws under `onError: 'fail'`. Gets the join's input
 * watermark for the dead letter it may send.
 */
export type JoinKey<T> = (value: T, timestamp: Instant, watermark: Instant) => unknown;

/** Where a join's state sends its results. */
export interface JoinOutput<O, In> {
  /** A joined element, stamped `timestamp`. */
  emit(value: O, timestamp: Instant): void;
  /** An element behind the join's horizon (its watermark minus the allowed lateness). */
  late(value: In, timestamp: Instant, watermark: Instant, horizon: Instant): void;
  /** A temporal join's element for whose key the table had no version at its time (Flink: no match in an inner join). */
  unmatched?(value: In, timestamp: Instant, watermark: Instant): void;
}
