/** Small arithmetic shared by window assignment and trigger alignment. */

/** Floor modulo: the result has the sign of the divisor, so negative times land in the right window. */
export function floorMod(a: number, n: number): number {
  const r = a % n;
  return r < 0 ? r + n : r;
}

/**
 * The start of the slot of `period` ms after `offset` that contains `t`: `offset + k * period`, with `k`
 * from a division that may round across a boundary, corrected by one step. Exact for whole-number
 * periods and offsets whatever `t` is (a fraction, a subnormal next to 0), where `t - floorMod(...)`
 * can round onto the wrong side of a boundary.
 */
export function slotStart(t: number, period: number, offset: number): number {
  const start = offset + period * Math.floor((t - offset) / period);
  if (start > t) return start - period;
  if (start + period <= t) return start + period;
  return start;
}
