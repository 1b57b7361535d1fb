/**
 * The accumulator coders of the built-in CombineFns (each sets its own as `accumulatorCoder`). Internal
 * accumulators are written compactly (`mean` as `[sum, count]`); the user values a combiner keeps go
 * through a value coder, the JSON one by default, whose errors come out with the path to the value
 * inside the accumulator (`[3].tags`).
 */
import type { CombineFn } from '../combiners/combineFn.js';
import type { ExtremumAccumulator } from '../combiners/extremum.js';
import type { HllAccumulator } from '../combiners/approxCountDistinct.js';
import type { LatestAccumulator } from '../combiners/latest.js';
import type { MeanAccumulator } from '../combiners/mean.js';
import type { QuantilesAccumulator } from '../combiners/approxQuantiles.js';
import type { Coder, Encoded } from './coder.js';
import { encodeErrorAt, fieldSegment, jsonCoderNamed } from './jsonValue.js';
import { decodeError, decodeNumber, encodeNumber } from './numbers.js';

type Fields = { readonly [field: string]: Encoded };

function isArray(e: Encoded): e is readonly Encoded[] {
  return Array.isArray(e);
}

function isFields(e: Encoded): e is Fields {
  return typeof e === 'object' && e !== null && !Array.isArray(e);
}

/** `values.encode(v)`, its failure placed at `segment` of the accumulator. */
function encodeAt<T>(values: Coder<T>, v: T, segment: string | number, name: string): Encoded {
  try {
    return values.encode(v);
  } catch (e) {
    throw encodeErrorAt(e, segment, name);
  }
}

function encodeEach<T>(values: Coder<T>, items: Iterable<T>, name: string, prefix = ''): Encoded[] {
  const out: Encoded[] = [];
  for (const v of items) {
    try {
      out.push(values.encode(v));
    } catch (e) {
      // The path is made only here: a snapshot encodes many values and fails on few.
      throw encodeErrorAt(e, `${prefix}[${out.length}]`, name);
    }
  }
  return out;
}

function decodeEach<T>(values: Coder<T>, e: Encoded, name: string, what: string): T[] {
  if (!isArray(e)) throw decodeError(name, what, e);
  return e.map((x) => values.decode(x));
}

/** The accumulator of `count` and `sum`: one number (a sum may have overflowed to ±Infinity). */
export function numberCoder(name: string): Coder<number> {
  return { name, encode: encodeNumber, decode: (e) => decodeNumber(e, name) };
}

/** The accumulator of `mean`, as `[sum, count]`. */
export function meanCoder(): Coder<MeanAccumulator> {
  const name = 'mean';
  return {
    name,
    encode: (acc) => [encodeNumber(acc.sum), encodeNumber(acc.count)],
    decode: (e) => {
      if (!isArray(e) || e.length !== 2) throw decodeError(name, 'an accumulator', e);
      return { sum: decodeNumber(e[0], name), count: decodeNumber(e[1], name) };
    },
  };
}

/** The accumulator of `min` and `max`: `[]` before the first value, `[value]` after. */
export function extremumCoder<V>(name: string, values: Coder<V> = jsonCoderNamed(name)): Coder<ExtremumAccumulator<V>> {
  return {
    name,
    encode: (acc) => (acc.has ? [encodeAt(values, acc.value as V, '.value', name)] : []),
    decode: (e) => {
      if (!isArray(e) || e.length > 1) throw decodeError(name, 'an accumulator', e);
      return e.length === 0 ? { has: false, value: undefined } : { has: true, value: values.decode(e[0]) };
    },
  };
}

/** The accumulator of `latest`: `[]` before the first value, `[time, value]` after. */
export function latestCoder<T>(values: Coder<T> = jsonCoderNamed('latest')): Coder<LatestAccumulator<T>> {
  const name = 'latest';
  return {
    name,
    encode: (acc) => (acc.has ? [encodeNumber(acc.time), encodeAt(values, acc.value as T, '.value', name)] : []),
    decode: (e) => {
      if (!isArray(e) || (e.length !== 0 && e.length !== 2)) throw decodeError(name, 'an accumulator', e);
      if (e.length === 0) return { has: false, value: undefined, time: Number.NEGATIVE_INFINITY };
      return { has: true, value: values.decode(e[1]), time: decodeNumber(e[0], name) };
    },
  };
}

/**
 * The accumulator of `toList`, `toArray` and `top`: the values in the order held (for `top` that order
 * is its heap, which therefore comes back intact).
 */
export function listCoder<T>(name: string, values: Coder<T> = jsonCoderNamed(name)): Coder<T[]> {
  return {
    name,
    encode: (acc) => encodeEach(values, acc, name),
    decode: (e) => decodeEach(values, e, name, 'an accumulator'),
  };
}

/**
 * The accumulator of `countDistinct`: the distinct values as an array. Objects come back as new objects,
 * so an object counted before a restore and the same object offered after it count twice; select a
 * primitive key from objects (as `countDistinct` advises anyway).
 */
export function setCoder<K>(name: string, values: Coder<K> = jsonCoderNamed(name)): Coder<Set<K>> {
  return {
    name,
    encode: (acc) => encodeEach(values, acc, name),
    decode: (e) => new Set(decodeEach(values, e, name, 'an accumulator')),
  };
}

/** The first register character: registers (0 to 29) are written one printable character each, `0` to `M`. */
const REGISTER_ZERO = 48;

/**
 * The accumulator of `approxCountDistinct` with `m` registers: `{ "sparse": [index, rank, ...] }` while
 * few registers are set, `{ "dense": "00302..." }` (one character a register) after that.
 */
export function hllCoder(m: number): Coder<HllAccumulator> {
  const name = 'approxCountDistinct';
  const maxRank = 32 - Math.log2(m) + 1;
  const bad = (e: Encoded): TypeError => decodeError(name, `an accumulator of ${m} registers`, e);
  return {
    name,
    encode: (acc) => {
      if (acc.dense !== null) {
        let text = '';
        for (let i = 0; i < acc.dense.length; i++) text += String.fromCharCode(REGISTER_ZERO + acc.dense[i]);
        return { dense: text };
      }
      const pairs: number[] = [];
      for (const [i, r] of acc.sparse ?? []) pairs.push(i, r);
      return { sparse: pairs };
    },
    decode: (e) => {
      if (!isFields(e)) throw bad(e);
      const { dense, sparse } = e;
      if (typeof dense === 'string' && sparse === undefined) {
        if (dense.length !== m) throw bad(e);
        const registers = new Uint8Array(m);
        for (let i = 0; i < m; i++) {
          const r = dense.charCodeAt(i) - REGISTER_ZERO;
          if (!(r >= 0 && r <= maxRank)) throw bad(e);
          registers[i] = r;
        }
        return { sparse: null, dense: registers };
      }
      if (!isArray(sparse) || dense !== undefined || sparse.length % 2 !== 0) throw bad(e);
      const map = new Map<number, number>();
      for (let j = 0; j < sparse.length; j += 2) {
        const i = sparse[j];
        const r = sparse[j + 1];
        if (!Number.isInteger(i) || !Number.isInteger(r) || (i as number) < 0 || (i as number) >= m || (r as number) < 1 || (r as number) > maxRank) throw bad(e);
        map.set(i as number, r as number);
      }
      return { sparse: map, dense: null };
    },
  };
}

/** The accumulator of `approxQuantiles`: its fields by name, `min` and `max` only once a value was seen. */
export function quantilesCoder<T>(values: Coder<T> = jsonCoderNamed('approxQuantiles')): Coder<QuantilesAccumulator<T>> {
  const name = 'approxQuantiles';
  return {
    name,
    encode: (acc) => {
      const levels = acc.levels.map((items, h) => encodeEach(values, items, name, `.levels[${h}]`));
      const out: Record<string, Encoded> = { count: acc.count, errorBound: acc.errorBound, parity: acc.parity, levels };
      if (acc.count > 0) {
        out.min = encodeAt(values, acc.min as T, '.min', name);
        out.max = encodeAt(values, acc.max as T, '.max', name);
      }
      return out;
    },
    decode: (e) => {
      if (!isFields(e) || !isArray(e.levels) || e.levels.length === 0) throw decodeError(name, 'an accumulator', e);
      const { count, errorBound, parity } = e;
      if (!Number.isSafeInteger(count) || !Number.isSafeInteger(errorBound) || !Number.isSafeInteger(parity)) throw decodeError(name, 'an accumulator', e);
      const has = (count as number) > 0;
      if (has !== ('min' in e && 'max' in e)) throw decodeError(name, 'an accumulator', e);
      return {
        levels: e.levels.map((items) => decodeEach(values, items, name, 'a level')),
        count: count as number,
        min: has ? values.decode(e.min) : undefined,
        max: has ? values.decode(e.max) : undefined,
        errorBound: errorBound as number,
        parity: parity as number,
      };
    },
  };
}

/**
 * The coder of a CombineFn's accumulator when it declares none: the JSON value coder, whose errors name
 * the CombineFn generically (a user CombineFn has no name to give).
 */
export function fallbackCoder<Acc>(): Coder<Acc> {
  return jsonCoderNamed<Acc>('CombineFn');
}

/**
 * The accumulator of `combineFields`: an array of one entry per field, each by that field's coder (or the
 * JSON fallback). `toList` and `fromList` go between the accumulator and its fields' accumulators.
 */
export function fieldsCoder<A>(
  names: readonly string[],
  fns: readonly CombineFn<never, unknown, unknown>[],
  toList: (acc: A) => readonly unknown[],
  fromList: (list: readonly unknown[]) => A,
): Coder<A> {
  const name = 'combineFields';
  const coders = fns.map((fn) => fn.accumulatorCoder ?? fallbackCoder());
  const segments = names.map(fieldSegment);
  return {
    name,
    encode: (acc) => {
      const fields = toList(acc);
      const out = new Array<Encoded>(coders.length);
      for (let i = 0; i < coders.length; i++) out[i] = encodeAt(coders[i], fields[i], segments[i], name);
      return out;
    },
    decode: (e) => {
      if (!isArray(e) || e.length !== coders.length) throw decodeError(name, `an accumulator of ${coders.length} fields`, e);
      return fromList(coders.map((c, i) => c.decode(e[i])));
    },
  };
}
