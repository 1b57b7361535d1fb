/**
 * The coder of keys. A key's encoded form is its {@link encodeKey} text, the very string that decides
 * which keys are the same key, so equal keys encode to identical text by construction and the encoded
 * form can serve as a field name of a JSON object (a snapshot's map from key to state). Decoding parses
 * that text back into a key of the same type and shape.
 */
import { encodeKey, MAX_KEY_DEPTH } from '../core/keyEncoding.js';
import type { Coder, Encoded } from './coder.js';
import { decodeError } from './numbers.js';

/** Reads one encodeKey text; any departure from the grammar throws. */
class KeyParser {
  private pos = 0;

  constructor(private readonly text: string) {}

  parse(): unknown {
    const key = this.value(0);
    if (this.pos !== this.text.length) throw this.fail();
    return key;
  }

  private value(depth: number): unknown {
    // Deeper than any key can be: refused before the recursion could exhaust the stack.
    if (depth > MAX_KEY_DEPTH) throw this.fail();
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    if (c === 34 /* " */) return this.string();
    if (c === 91 /* [ */) return this.array(depth + 1);
    if (c === 123 /* { */) return this.object(depth + 1);
    if (text.startsWith('Date(', this.pos)) {
      const end = text.indexOf(')', this.pos);
      if (end < 0) throw this.fail();
      const t = this.number(text.slice(this.pos + 5, end));
      this.pos = end + 1;
      return new Date(t);
    }
    let end = this.pos;
    while (end < text.length && !',]}:'.includes(text[end])) end++;
    const token = text.slice(this.pos, end);
    this.pos = end;
    if (token === 'true') return true;
    if (token === 'false') return false;
    if (token === 'null') return null;
    if (/^-?\d+n$/.test(token)) return BigInt(token.slice(0, -1));
    return this.number(token);
  }

  private number(token: string): number {
    // Only the forms String(number) writes: no '', ' 1', '0x1' or '1.' that Number() would accept.
    const x = Number(token);
    if (token === '' || String(x) !== token) throw this.fail();
    return x;
  }

  private string(): string {
    const text = this.text;
    let end = this.pos + 1;
    for (;;) {
      const c = text.charCodeAt(end);
      if (Number.isNaN(c)) throw this.fail();
      if (c === 34 /* " */) break;
      end += c === 92 /* \ */ ? 2 : 1;
    }
    const literal = text.slice(this.pos, end + 1);
    this.pos = end + 1;
    try {
      return JSON.parse(literal) as string;
    } catch {
      throw this.fail();
    }
  }

  private array(depth: number): unknown[] {
    const out: unknown[] = [];
    this.pos++;
    if (this.eat(93 /* ] */)) return out;
    do out.push(this.value(depth));
    while (this.eat(44 /* , */));
    if (!this.eat(93)) throw this.fail();
    return out;
  }

  private object(depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.pos++;
    if (this.eat(125 /* } */)) return out;
    do {
      if (this.text.charCodeAt(this.pos) !== 34) throw this.fail();
      const name = this.string();
      if (!this.eat(58 /* : */)) throw this.fail();
      const v = this.value(depth);
      // An own field named `__proto__` is a field like any other, not the prototype.
      if (name === '__proto__') Object.defineProperty(out, name, { value: v, enumerable: true, writable: true, configurable: true });
      else out[name] = v;
    } while (this.eat(44 /* , */));
    if (!this.eat(125)) throw this.fail();
    return out;
  }

  private eat(c: number): boolean {
    if (this.text.charCodeAt(this.pos) !== c) return false;
    this.pos++;
    return true;
  }

  private fail(): TypeError {
    return decodeError('keyCoder', `a key (at character ${this.pos})`, this.text);
  }
}

/**
 * The coder of keys: deterministic and type-preserving for every key the package accepts (strings,
 * numbers, bigints, booleans, `null`, valid Dates, and arrays and plain objects of these). A key encodes
 * to its {@link encodeKey} text, so two keys encode to the same text exactly when they are the same key
 * (`-0` is `0`, `NaN` is one key, property order does not count), and the text can be a field name of a
 * snapshot's JSON object. Decoding gives a key of the same type and shape: a Date comes back a Date, a
 * bigint a bigint, `{ user, region }` a plain object. Encoding throws the `TypeError` of
 * {@link encodeKey} for what is no key; decoding throws a `TypeError` for text that is not the canonical
 * encoding of a key. Beam: the deterministic key coder of a `KvCoder`.
 *
 * @example keyCoder.encode({ user: 'u1', at: new Date(0) }) // '{"at":Date(0),"user":"u1"}'
 * @example keyCoder.decode('[1n,"eu"]') // [1n, 'eu']
 *
 * @category State
 */
export const keyCoder: Coder<unknown> = {
  name: 'key',
  encode: (key): Encoded => encodeKey(key),
  decode: (encoded) => {
    if (typeof encoded !== 'string') throw decodeError('keyCoder', 'a key', encoded);
    const key = new KeyParser(encoded).parse();
    // The text must be the one encodeKey writes, so that a decoded key files its state where it was.
    if (encodeKey(key) !== encoded) throw decodeError('keyCoder', 'a key (not in canonical form)', encoded);
    return key;
  },
};
