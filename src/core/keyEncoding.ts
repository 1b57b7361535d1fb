/**
 * What counts as the same key. Beam groups by the encoded key (a key coder that must be deterministic);
 * this module is that coder: {@link encodeKey} turns a key into a string, and two keys are the same key
 * exactly when their encodings are equal. {@link keyId} is the identity a grouping files state under:
 * numbers and strings, nearly every key, are their own identity, and everything else goes through the
 * encoding.
 */
import { describeValue } from '../time.js';
import { isThenable, observeRejection } from '../internal/thenable.js';

/**
 * The rule every key must follow, as error messages state it.
 *
 * @category Core
 */
export const KEY_RULE = 'a key must be a string, number, bigint, boolean, null, a valid Date, or an array or plain object of these';

/**
 * How deep arrays and objects may nest in a key: deeper ones are refused rather than overflowing the stack.
 *
 * @category Core
 */
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
 *
 * @category Core
 */
export function encodeKey(key: unknown): string {
  // A getter inside a key could call encodeKey again: that call gets an encoder of its own.
  if (shared.busy) return new Encoder().run(key);
  return shared.run(key);
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
      if (key === null) return null;
      // A Promise is no key (encodeKey refuses it); its rejection is observed so that it does not
      // surface later as an unhandled rejection, after the element was already refused.
      if (isThenable(key)) observeRejection(key);
      // The usual composite keys, `[user, region]` and `{ user, region }`: flat, of strings and numbers,
      // encoded in one loop.
      return (Array.isArray(key) ? flatArrayId(key) : flatObjectId(key)) || ENCODED_PREFIX + encodeKey(key);
    default:
      // Strings that start like an encoding, and what encodeKey refuses (it throws).
      return ENCODED_PREFIX + encodeKey(key);
  }
}

/**
 * The identity of an array of strings (that need no escaping) and numbers, as {@link encodeKey} would
 * give it, or `''` for any other array (which then takes the general path).
 */
function flatArrayId(a: readonly unknown[]): string {
  let out = ENCODED_PREFIX + '[';
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    let part: string;
    if (typeof x === 'string') {
      if (NEEDS_ESCAPE.test(x)) return '';
      part = `"${x}"`;
    } else if (typeof x === 'number') {
      part = String(x);
    } else return '';
    out += i === 0 ? part : `,${part}`;
  }
  return out + ']';
}

/**
 * The identity of a plain object whose properties are strings (that need no escaping) and numbers, as
 * {@link encodeKey} would give it, or `''` for any other object (which then takes the general path).
 */
function flatObjectId(o: object): string {
  const proto: unknown = Object.getPrototypeOf(o);
  if (proto !== Object.prototype && proto !== null) return '';
  const names = shared.sortedNames(Object.keys(o));
  let out = ENCODED_PREFIX + '{';
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    if (NEEDS_ESCAPE.test(name)) return '';
    const x = (o as Record<string, unknown>)[name];
    let part: string;
    if (typeof x === 'string') {
      if (NEEDS_ESCAPE.test(x)) return '';
      part = `"${name}":"${x}"`;
    } else if (typeof x === 'number') {
      part = `"${name}":${x}`;
    } else return '';
    out += i === 0 ? part : `,${part}`;
  }
  return out + '}';
}

/** Characters JSON.stringify escapes in a string: without any, a string is encoded by quoting it. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * Encodes keys, one at a time. It keeps the path to the part being encoded as segments (turned into
 * text only for an error message) and the sorted property names of the last object shape, since the
 * objects of one key function nearly always have the same properties in the same order.
 */
class Encoder {
  busy = false;
  private readonly path: (string | number)[] = [];
  private readonly ancestors: object[] = [];
  private lastNames: readonly string[] = [];
  private lastSorted: readonly string[] = [];

  run(key: unknown): string {
    this.busy = true;
    try {
      return this.encode(key);
    } finally {
      this.busy = false;
      // Left non-empty only by an error (setting the length is a runtime call, so only then).
      if (this.path.length !== 0) this.path.length = 0;
      if (this.ancestors.length !== 0) this.ancestors.length = 0;
    }
  }

  private encode(v: unknown): string {
    switch (typeof v) {
      case 'string':
        return NEEDS_ESCAPE.test(v) ? JSON.stringify(v) : `"${v}"`;
      case 'number':
        // String(-0) is '0': -0 is 0, as for Map keys. NaN and the infinities have names of their own.
        return String(v);
      case 'bigint':
        return `${v}n`;
      case 'boolean':
        return v ? 'true' : 'false';
      case 'object':
        if (v === null) return 'null';
        return this.encodeObject(v);
      default:
        throw this.refused(v);
    }
  }

  private encodeObject(v: object): string {
    if (v instanceof Date) {
      const t = v.getTime();
      if (Number.isNaN(t)) throw this.refused(v);
      return `Date(${t})`;
    }
    const isArray = Array.isArray(v);
    const proto: unknown = Object.getPrototypeOf(v);
    if (!isArray && proto !== Object.prototype && proto !== null) throw this.refused(v);
    const ancestors = this.ancestors;
    if (ancestors.includes(v)) throw new TypeError(`${KEY_RULE}, got a key that contains itself${this.where()}`);
    if (ancestors.length >= MAX_KEY_DEPTH) throw new RangeError(`keys may nest at most ${MAX_KEY_DEPTH} deep, got a deeper one${this.where()}`);
    ancestors.push(v);
    const path = this.path;
    let out: string;
    if (isArray) {
      const a = v as readonly unknown[];
      out = '[';
      for (let i = 0; i < a.length; i++) {
        path.push(i);
        out += i === 0 ? this.encode(a[i]) : `,${this.encode(a[i])}`;
        path.pop();
      }
      out += ']';
    } else {
      const o = v as Record<string, unknown>;
      const names = this.sortedNames(Object.keys(o));
      out = '{';
      for (let i = 0; i < names.length; i++) {
        const name = names[i];
        path.push(name);
        const part = `${this.encode(name)}:${this.encode(o[name])}`;
        out += i === 0 ? part : `,${part}`;
        path.pop();
      }
      out += '}';
    }
    ancestors.pop();
    return out;
  }

  /** The names sorted by UTF-16 code units (the default sort), so the order properties were written in is irrelevant. */
  sortedNames(names: string[]): readonly string[] {
    const last = this.lastNames;
    if (names.length === last.length) {
      let same = true;
      for (let i = 0; i < names.length && same; i++) same = names[i] === last[i];
      if (same) return this.lastSorted;
    }
    this.lastNames = names;
    this.lastSorted = names.slice().sort();
    return this.lastSorted;
  }

  private where(): string {
    let text = '';
    for (const seg of this.path) text += typeof seg === 'number' ? `[${seg}]` : /^[A-Za-z_$][\w$]*$/.test(seg) ? `.${seg}` : `[${JSON.stringify(seg)}]`;
    return text === '' ? '' : ` at key${text}`;
  }

  private refused(v: unknown): TypeError {
    return new TypeError(`${KEY_RULE}, got ${describeKeyPart(v)}${this.where()}`);
  }
}

const shared = new Encoder();

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
