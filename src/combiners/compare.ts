import { describeValue } from '../time.js';

/**
 * Orders two values: negative when `a` comes first, positive when `b` does, 0 when they tie.
 *
 * @category Combiners
 */
export type Compare<T> = (a: T, b: T) => number;

// Module constants: a global lookup per comparison is slow in sandboxed contexts (vm, test runners).
const isNaN = Number.isNaN;
const DateClass = Date;

function comparable(op: string, v: unknown): void {
  const ok =
    (typeof v === 'number' && !isNaN(v)) ||
    typeof v === 'string' ||
    typeof v === 'bigint' ||
    (v instanceof DateClass && !isNaN(v.getTime()));
  if (!ok) {
    throw new TypeError(`${op}: without a compare function each value must be a number (not NaN), string, bigint or valid Date, got ${describeValue(v)}`);
  }
}

/**
 * The natural order of numbers, strings, bigints and Dates, as `<` sees them. Values it cannot order
 * (NaN, objects, undefined) throw a TypeError naming `op`, because a silent "equal" would make the
 * result depend on arrival order.
 */
export function naturalOrder<T>(op: string): Compare<T> {
  return (a, b) => {
    comparable(op, a);
    comparable(op, b);
    return a < b ? -1 : a > b ? 1 : 0;
  };
}
