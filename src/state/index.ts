/**
 * Durable state: the coders that turn keys and accumulators into JSON and back, so that the state of
 * every grouping can be written as one JSON document and restored after a crash.
 *
 * @module
 */
export type { Coder, Encoded } from './coder.js';
export { keyCoder } from './keyCoder.js';
export { jsonValueCoder } from './jsonValue.js';
export { accumulatorCoderOf } from './accumulatorCoderOf.js';
