/**
 * Coders: how a key, a value or an accumulator becomes part of a snapshot and comes back. Beam: `Coder`.
 */

/** A JSON value: what every coder encodes to, so that a whole snapshot is one JSON document. */
export type Encoded = null | boolean | number | string | readonly Encoded[] | { readonly [field: string]: Encoded };

/**
 * Turns values of one type into an {@link Encoded} form and back, so that `decode(encode(v))` equals `v`
 * (by the package's key equality for keys). Numbers in the encoded form are finite and never -0: a coder
 * that meets -0, NaN or ±Infinity encodes them in a tagged form. Beam: `Coder`; a CombineFn's
 * `accumulatorCoder` is Beam's `getAccumulatorCoder`.
 *
 * @category Durable state
 */
export interface Coder<T> {
  /** A name for error messages and snapshot fingerprints, e.g. `'count'`. */
  readonly name: string;
  encode(value: T): Encoded;
  decode(encoded: Encoded): T;
}
