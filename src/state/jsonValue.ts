/**
 * The JSON form of user values held in accumulators (the inputs `toList`, `top`, `latest`, `min` keep):
 * JSON values stay as they are, and the few values JSON text cannot hold are written as a tag, an object
 * with one field whose name starts with `$`:
 *
 * - `{ "$number": "NaN" }` (also `"Infinity"`, `"-Infinity"`, `"-0"`), `{ "$bigint": "12" }`,
 *   `{ "$date": 1704067200000 }`, `{ "$undefined": true }`;
 * - a plain object of the user's that itself has exactly one field named with a leading `$` is wrapped
 *   as `{ "$object": { ... } }`, so it is never read back as a tag.
 *
 * Everything else (a `Map`, a `Set`, a class instance, a function, a symbol, a value that contains
 * itself) is refused with an {@link EncodeError} that names what it met and where.
 */
import { describeValue } from '../time.js';
import type { Coder, Encoded } from './coder.js';
import { decodeError, decodeNumber, encodeNumber, isTag } from './numbers.js';

/** How deep arrays and objects in a value may nest: deeper ones are refused rather than overflowing the stack. */
const MAX_VALUE_DEPTH = 1000;

/**
 * A value a coder cannot encode: what it is (`a Map`) and where it sits in the encoded whole (`[3].tags`,
 * empty for the whole). Outer coders prepend their part of the path with {@link encodeErrorAt}.
 */
export class EncodeError extends TypeError {
  constructor(
    readonly what: string,
    readonly path: string,
    readonly coder: string,
  ) {
    super(`${coder}: cannot encode ${what}${path === '' ? '' : ` at ${path}`}`);
    this.name = 'TypeError';
  }
}

/** `error`, thrown while encoding the part at `segment` (`[3]`, `.value`), as an {@link EncodeError} whose path starts there. */
export function encodeErrorAt(error: unknown, segment: string | number, coder: string): EncodeError {
  const at = typeof segment === 'number' ? `[${segment}]` : segment;
  if (error instanceof EncodeError) return new EncodeError(error.what, at + error.path, coder);
  const reason = error instanceof Error ? error.message : describeValue(error);
  return new EncodeError(`a value its coder refused (${reason})`, at, coder);
}

/** The path segment of a property name: `.tags`, or `["a b"]` for a name that is no identifier. */
export function fieldSegment(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}

/** The tag of an object with these field names: its single field when named with a leading `$`, else `undefined`. */
function tagIn(names: readonly string[]): string | undefined {
  return names.length === 1 && names[0].charCodeAt(0) === 36 /* $ */ ? names[0] : undefined;
}

/** Walks one value, keeping the path (rendered only for an error) and the objects above the current one. */
class ValueEncoder {
  busy = false;
  private readonly path: (string | number)[] = [];
  private readonly ancestors: object[] = [];

  constructor(private readonly coder: string) {}

  run(v: unknown): Encoded {
    this.busy = true;
    try {
      return this.encode(v);
    } finally {
      this.busy = false;
      // Left non-empty only by an error.
      if (this.path.length !== 0) this.path.length = 0;
      if (this.ancestors.length !== 0) this.ancestors.length = 0;
    }
  }

  encode(v: unknown): Encoded {
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return v;
      case 'number':
        return encodeNumber(v);
      case 'bigint':
        return { $bigint: String(v) };
      case 'undefined':
        return { $undefined: true };
      case 'object':
        if (v === null) return null;
        return this.encodeObject(v);
      default:
        throw this.refused(typeof v === 'symbol' ? 'a symbol' : describeValue(v));
    }
  }

  private encodeObject(v: object): Encoded {
    if (v instanceof Date) return { $date: encodeNumber(v.getTime()) };
    const isArray = Array.isArray(v);
    const proto: unknown = Object.getPrototypeOf(v);
    if (!isArray && proto !== Object.prototype && proto !== null) throw this.refused(describeInstance(v));
    const ancestors = this.ancestors;
    if (ancestors.includes(v)) throw this.refused('a value that contains itself');
    if (ancestors.length >= MAX_VALUE_DEPTH) throw this.refused(`a value nested deeper than ${MAX_VALUE_DEPTH}`);
    ancestors.push(v);
    const path = this.path;
    let out: Encoded;
    if (isArray) {
      const a = v as readonly unknown[];
      const items = new Array<Encoded>(a.length);
      for (let i = 0; i < a.length; i++) {
        path.push(i);
        items[i] = this.encode(a[i]);
        path.pop();
      }
      out = items;
    } else {
      const o = v as Record<string, unknown>;
      const names = Object.keys(o);
      const fields: Record<string, Encoded> = {};
      for (const name of names) {
        path.push(name);
        setField(fields, name, this.encode(o[name]));
        path.pop();
      }
      out = tagIn(names) === undefined ? fields : { $object: fields };
    }
    ancestors.pop();
    return out;
  }

  private refused(what: string): EncodeError {
    return new EncodeError(what, renderPath(this.path), this.coder);
  }
}

/** `a Map`, `a Uint8Array`, `a Point`: what kind of object a value is, by its constructor's name. */
function describeInstance(v: object): string {
  let name: unknown;
  try {
    name = (Object.getPrototypeOf(v) as { constructor?: { name?: unknown } }).constructor?.name;
  } catch {
    name = undefined;
  }
  if (typeof name !== 'string' || name === '') return 'an object that is neither a plain object, an array nor a Date';
  // `Uint8Array` reads "a Uint8Array": a leading U is no vowel sound here.
  return `${/^[AEIO]/.test(name) ? 'an' : 'a'} ${name}`;
}

/** Sets an own field, also one named `__proto__` (which plain assignment would take as the prototype). */
function setField(o: Record<string, unknown>, name: string, value: unknown): void {
  if (name === '__proto__') Object.defineProperty(o, name, { value, enumerable: true, writable: true, configurable: true });
  else o[name] = value;
}

/** Reads what {@link ValueEncoder} wrote, keeping the path (rendered only for an error). */
class ValueDecoder {
  private readonly path: (string | number)[] = [];

  constructor(private readonly coder: string) {}

  decode(e: Encoded): unknown {
    if (typeof e !== 'object' || e === null) {
      if (typeof e === 'number' && !Number.isFinite(e)) throw this.fail(e);
      return e;
    }
    const path = this.path;
    if (Array.isArray(e)) {
      const a = e as readonly Encoded[];
      const out = new Array<unknown>(a.length);
      for (let i = 0; i < a.length; i++) {
        path.push(i);
        out[i] = this.decode(a[i]);
        path.pop();
      }
      return out;
    }
    const o = e as Fields;
    const names = Object.keys(o);
    const tag = tagIn(names);
    if (tag === undefined) return this.fields(o, names);
    const inner = o[tag];
    switch (tag) {
      case '$number':
        try {
          return decodeNumber(o, this.coder);
        } catch {
          // Reported below, with the path.
          break;
        }
      case '$bigint':
        if (typeof inner === 'string' && /^-?\d+$/.test(inner)) return BigInt(inner);
        break;
      case '$date':
        if (typeof inner === 'number' || isTag(inner, '$number')) return new Date(decodeNumber(inner, this.coder));
        break;
      case '$undefined':
        if (inner === true) return undefined;
        break;
      case '$object':
        if (typeof inner === 'object' && inner !== null && !Array.isArray(inner)) return this.fields(inner as Fields, Object.keys(inner));
        break;
    }
    throw this.fail(e);
  }

  private fields(o: Fields, names: readonly string[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const path = this.path;
    for (const name of names) {
      path.push(name);
      setField(out, name, this.decode(o[name]));
      path.pop();
    }
    return out;
  }

  /** Empties the path, which only an error leaves non-empty. */
  reset(): void {
    if (this.path.length !== 0) this.path.length = 0;
  }

  private fail(e: Encoded): TypeError {
    return decodeError(this.coder, 'a value', e, renderPath(this.path));
  }
}

type Fields = { readonly [field: string]: Encoded };

function renderPath(path: readonly (string | number)[]): string {
  let at = '';
  for (const seg of path) at += typeof seg === 'number' ? `[${seg}]` : fieldSegment(seg);
  return at;
}

/** A value coder over the JSON form above whose errors name `coder`. */
export function jsonCoderNamed<T>(coder: string): Coder<T> {
  // One walker of each kind serves every value (a snapshot encodes many); a getter that encodes a value
  // while its owner is being encoded gets walkers of its own.
  const encoder = new ValueEncoder(coder);
  const decoder = new ValueDecoder(coder);
  return {
    name: coder,
    encode: (value) => (encoder.busy ? new ValueEncoder(coder).run(value) : encoder.run(value)),
    decode: (encoded) => {
      try {
        return decoder.decode(encoded) as T;
      } finally {
        decoder.reset();
      }
    },
  };
}

/**
 * The value coder used for user values when nothing better is known: JSON values (strings, finite
 * numbers, booleans, `null`, arrays and plain objects of these) as they are, and `-0`, `NaN`,
 * `±Infinity`, bigints, Dates and `undefined` in a tagged form (`{ "$number": "NaN" }`,
 * `{ "$bigint": "12" }`, `{ "$date": 1704067200000 }`, `{ "$undefined": true }`). Anything else (a `Map`,
 * a `Set`, a class instance, a function, a value that contains itself) throws a `TypeError` naming what
 * and where: `jsonValueCoder: cannot encode a Map at [3].tags`. Decoded objects are new, ordinary objects:
 * two references to one object come back as two equal objects, and an object without a prototype comes
 * back with `Object.prototype`. Beam: what a `SerializableCoder` is to Java,
 * for JSON.
 *
 * @example JSON.stringify(jsonValueCoder.encode([{ t: new Date(0), v: NaN }])) // '[{"t":{"$date":0},"v":{"$number":"NaN"}}]'
 *
 * @category State
 */
export const jsonValueCoder: Coder<unknown> = /* @__PURE__ */ jsonCoderNamed('jsonValueCoder');
