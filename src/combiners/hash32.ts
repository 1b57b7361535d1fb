import { describeValue } from '../time.js';

// Held in module constants: a global lookup per call is slow in sandboxed contexts (vm, test runners).
const imul = Math.imul;
const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** MurmurHash3's 32-bit finalizer: every input bit flips each output bit with probability about 1/2. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * MurmurHash3 (x86, 32-bit) over the UTF-16 code units of a string, two units to a block. Distinct
 * distinct-count sketches only need the bits to look uniform, not to match another implementation.
 */
export function murmur3String(s: string, seed = 0): number {
  let h = seed >>> 0;
  const len = s.length;
  const blocks = len & ~1;
  for (let i = 0; i < blocks; i += 2) {
    let k = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16);
    k = imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = imul(k, C2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (imul(h, 5) + 0xe6546b64) | 0;
  }
  if (len & 1) {
    let k = s.charCodeAt(len - 1);
    k = imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = imul(k, C2);
    h ^= k;
  }
  h ^= len * 2;
  return fmix32(h);
}

/**
 * Hashes a primitive by its type and string form, so `1` and `'1'` differ while `1` and `1.0` (the
 * same number) agree. Other values throw a TypeError naming `op`: their string forms would collide.
 */
export function hashPrimitive(op: string, v: unknown): number {
  switch (typeof v) {
    case 'string':
      return murmur3String('s' + v);
    case 'number':
      return murmur3String('n' + String(v));
    case 'bigint':
      return murmur3String('b' + String(v));
    case 'boolean':
      return murmur3String(v ? 't' : 'f');
    default:
      throw new TypeError(`${op}: each value must be a string, number, bigint or boolean (use select to pick one), got ${describeValue(v)}`);
  }
}
