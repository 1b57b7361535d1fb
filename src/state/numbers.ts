/**
 * Numbers as JSON holds them, shared by every coder: finite numbers as they are, `-0`, `NaN` and
 * `±Infinity` as `{ "$number": ... }`; and the error every coder throws for a form it never writes. Kept
 * apart from the value coder so that a combiner of numbers (`count`, `sum`) brings only this.
 */
import { describeValue } from '../time.js';
import type { Encoded } from './coder.js';

/** A number as JSON holds it: itself when finite and not `-0`, else `{ "$number": "NaN" | "Infinity" | "-Infinity" | "-0" }`. */
export function encodeNumber(x: number): Encoded {
  if (Number.isFinite(x) && !Object.is(x, -0)) return x;
  return { $number: Object.is(x, -0) ? '-0' : String(x) };
}

/** The number {@link encodeNumber} wrote; throws a `TypeError` naming `coder` for anything else. */
export function decodeNumber(e: Encoded, coder: string): number {
  if (typeof e === 'number') return e;
  const text = isTag(e, '$number') ? (e as { $number: Encoded }).$number : undefined;
  if (text === '-0') return -0;
  // Only the texts encodeNumber writes: no finite number in a tag, no 'nan'.
  const x = Number(text);
  if (!Number.isFinite(x) && String(x) === text) return x;
  throw decodeError(coder, 'a number', e);
}

/** A `TypeError` for an encoded form that is not what `coder` writes. */
export function decodeError(coder: string, expected: string, e: unknown, path = ''): TypeError {
  let shown: string;
  try {
    shown = JSON.stringify(e)?.slice(0, 80) ?? describeValue(e);
  } catch {
    shown = describeValue(e);
  }
  return new TypeError(`${coder}: cannot decode ${expected}${path === '' ? '' : ` at ${path}`} from ${shown}`);
}

/** True for an object whose only field is `tag`. */
export function isTag(e: Encoded, tag: string): boolean {
  if (typeof e !== 'object' || e === null || Array.isArray(e)) return false;
  const names = Object.keys(e);
  return names.length === 1 && names[0] === tag;
}
