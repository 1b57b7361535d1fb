/**
 * The contract between durable state and the values it holds: a {@link Coder} turns a key or an
 * accumulator into an {@link Encoded} JSON value and back, so that a whole snapshot is one JSON document.
 */

/**
 * A JSON value: what every coder encodes to, so that a whole snapshot is one JSON document. Numbers in
 * it are finite and never `-0` (JSON text would lose them); a coder that meets `-0`, `NaN` or `±Infinity`
 * writes them in a tagged form such as `{ "$number": "NaN" }`.
 *
 * @category State
 */
export type Encoded = null | boolean | number | string | readonly Encoded[] | { readonly [field: string]: Encoded };

/**
 * Turns values of one type into {@link Encoded} JSON values and back: `decode(encode(v))` is a value
 * that behaves as `v` does (for a key: the same key; for an accumulator: the same merges and output).
 * Beam: `Coder` (and `CombineFn.getAccumulatorCoder`), though Beam's coders write bytes.
 *
 * @example
 * const setCoder: Coder<Set<string>> = {
 *   name: 'Set<string>',
 *   encode: (set) => [...set],
 *   decode: (encoded) => new Set(encoded as string[]),
 * };
 *
 * @category State
 */
export interface Coder<T> {
  /** What the coder encodes, as error messages name it (`toList`, `mean`, `key`). */
  readonly name: string;
  /** The JSON form of `value`; throws a `TypeError` for a value it cannot encode. */
  encode(value: T): Encoded;
  /** The value back from what {@link Coder.encode} returned (also after JSON.stringify and JSON.parse). */
  decode(encoded: Encoded): T;
}
