/**
 * What counts as the same key. Beam groups by the encoded key (a key coder that must be deterministic);
 * this module is that coder: {@link encodeKey} turns a key into a string, and two keys are the same key
 * exactly when their encodings are equal. {@link keyId} is the identity a grouping files state under:
 * numbers and strings, nearly every key, are their own identity, and everything else goes through the
 * encoding.
 */
import { describeValue } from '../time.js';

/** The rule every key must follow, as error messages state it. */
export const KEY_RULE = 'a key must be a string, number, bigint, boolean, null, a valid Date, or an array or plain object of these';

/** How deep arrays and objects may nest in a key: deeper ones are refused rather than overflowing the stack. */
export const MAX_KEY_DEPTH = 100;

/**
 * The first character of every identity {@link keyId} builds from an encoding. A string key that
 * starts with it is encoded too, so an encoding can never be mistaken for a string key.
 */
const ENCODED = 1;
const ENCODED_PREFIX = String.fromCharCode(ENCODED);

/**
 * The deterministic, type-preserving encoding of a key, readable like JSON: `"a"`, `1`, `1n`, `true`,
 * `null`, `Date(1704067200000)`, `["u1","eu"]`, `{"region":"eu","user":"u1"}`.
 *
 * Equal encodings mean the same key, so:
 * - arrays are equal element by element, plain objects property by property whatever the order their
 *   properties were written in (names are sorted), Dates by their time;
 * - types are kept apart: `1`, `'1'` and `1n` are three keys, so are `[1]` and `['1']`;
 * - numbers compare as `Map` keys do: `-0` is `0`, and `NaN` is one key.
 *
 * Refused, with a `TypeError` naming the rule, the value and where in the key it is: `undefined` (a
 * missing key, also inside an array or object), symbols, functions, invalid Dates, instances of other
 * classes (`Map`, `Set`, class objects), cycles, and nesting deeper than {@link MAX_KEY_DEPTH}. Only own
 * enumerable string-named properties of a plain object count. Beam: `Coder.structuralValue` of a
 * deterministic key coder.
 *
 * @example encodeKey({ user: 'u1', region: 'eu' }) === encodeKey({ region: 'eu', user: 'u1' }) // true
 */
export function encodeKey(key: unknown): string {
  return encode(key, '', []);
}

/**
 * The identity a grouping files a key's state under: equal (as `Map` keys compare) for keys with equal
 * {@link encodeKey} encodings and different otherwise. A number, or a string not starting with the
 * `\u0001` character, is its own identity; a boolean, bigint or `null` too; anything else is identified
 * by a string made from its encoding. Throws a `TypeError` for what {@link encodeKey} refuses.
 */
export function keyId(key: unknown): unknown {
  // The per-element path: kept to two type checks for the keys nearly every pipeline uses.
  if (typeof key === 'number') return key;
  if (typeof key === 'string' && key.charCodeAt(0) !== ENCODED) return key;
  return slowKeyId(key);
}

function slowKeyId(key: unknown): unknown {
  switch (typeof key) {
    case 'boolean':
    case 'bigint':
      return key;
    case 'object':
      return key === null ? null : ENCODED_PREFIX + encodeKey(key);
    default:
      // Strings that start like an encoding, and what encodeKey refuses (it throws).
      return ENCODED_PREFIX + encodeKey(key);
  }
}

function encode(v: unknown, path: string, ancestors: object[]): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      // -0 is 0, as for Map keys; NaN and the infinities have names of their own.
      return v === 0 ? '0' : String(v);
    case 'bigint':
      return `${v}n`;
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object':
      if (v === null) return 'null';
      return encodeObject(v, path, ancestors);
    default:
      throw refused(v, path);
  }
}

function encodeObject(v: object, path: string, ancestors: object[]): string {
  if (v instanceof Date) {
    const t = v.getTime();
    if (Number.isNaN(t)) throw refused(v, path);
    return `Date(${t})`;
  }
  const isArray = Array.isArray(v);
  const proto: unknown = Object.getPrototypeOf(v);
  if (!isArray && proto !== Object.prototype && proto !== null) throw refused(v, path);
  if (ancestors.includes(v)) throw new TypeError(`${KEY_RULE}, got a key that contains itself${where(path)}`);
  if (ancestors.length >= MAX_KEY_DEPTH) throw new RangeError(`keys may nest at most ${MAX_KEY_DEPTH} deep, got a deeper one${where(path)}`);
  ancestors.push(v);
  let out: string;
  if (isArray) {
    const a = v as readonly unknown[];
    const parts = new Array<string>(a.length);
    for (let i = 0; i < a.length; i++) parts[i] = encode(a[i], `${path}[${i}]`, ancestors);
    out = `[${parts.join(',')}]`;
  } else {
    const o = v as Record<string, unknown>;
    // Sorted by UTF-16 code units (the default sort), so the order properties were written in is irrelevant.
    const names = Object.keys(o).sort();
    const parts = new Array<string>(names.length);
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      parts[i] = `${JSON.stringify(name)}:${encode(o[name], `${path}${propertyPath(name)}`, ancestors)}`;
    }
    out = `{${parts.join(',')}}`;
  }
  ancestors.pop();
  return out;
}

function propertyPath(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}

function where(path: string): string {
  return path === '' ? '' : ` at key${path}`;
}

function refused(v: unknown, path: string): TypeError {
  return new TypeError(`${KEY_RULE}, got ${describeKeyPart(v)}${where(path)}`);
}

function describeKeyPart(v: unknown): string {
  if (v === undefined) return 'undefined (a missing key)';
  if (typeof v === 'symbol') return 'a symbol';
  if (v instanceof Date) return 'an invalid Date';
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const name = (Object.getPrototypeOf(v) as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof name === 'string' && name !== '') return `an instance of ${name}`;
  }
  return describeValue(v);
}
