/**
 * The check a reducer runs on each element under `onError: 'route'` before the element touches any
 * state: the key function, the key's encoding and the CombineFn must all accept the element, or it is
 * handed back as a bad record (Kafka Streams: a processing exception handler that says CONTINUE).
 */
import type { CombineFn } from '../combiners/combineFn.js';
import type { Instant } from '../time.js';
import { keyId } from './keyEncoding.js';
import type { BadRecordReason } from './reducerTypes.js';

/** Receives an element the check refused, with the step that refused it and the error. */
export type RejectElement<In> = (value: In, timestamp: Instant, reason: BadRecordReason, error: unknown) => void;

/**
 * Runs the key function, the key encoding and a trial of the CombineFn for one element, and keeps the
 * key and its identity of the last element it admitted (read right after {@link Admission.admit}).
 *
 * The trial folds the element into a fresh accumulator (`addInput(createAccumulator(), value)`) and
 * throws that away: an element the CombineFn refuses is refused before any window's accumulator has
 * seen it, so no accumulator is ever half-updated. A CombineFn that accepts the element alone but
 * throws on a window's real accumulator has failed on its state, not on the element: that error is
 * not caught here and ends the stream.
 */
export class Admission<In, K, Acc> {
  /** The key of the element last admitted. */
  key: K = undefined as K;
  /** Its grouping identity ({@link keyId}). */
  id: unknown = undefined;

  constructor(
    private readonly keyOf: (value: In) => K,
    private readonly fn: CombineFn<In, Acc, unknown>,
    private readonly reject: RejectElement<In>,
  ) {}

  /** True when the element may enter; otherwise it has been handed to `reject`. */
  admit(value: In, timestamp: Instant): boolean {
    let key: K;
    try {
      key = this.keyOf(value);
    } catch (e) {
      this.reject(value, timestamp, 'key-function-threw', e);
      return false;
    }
    let id: unknown;
    try {
      id = keyId(key);
    } catch (e) {
      this.reject(value, timestamp, 'invalid-key', e);
      return false;
    }
    try {
      const fn = this.fn;
      fn.addInput(fn.createAccumulator(), value);
    } catch (e) {
      this.reject(value, timestamp, 'combine-function-threw', e);
      return false;
    }
    this.key = key;
    this.id = id;
    return true;
  }
}
