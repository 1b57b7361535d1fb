/** Small arithmetic shared by window assignment and trigger alignment. */

/** Floor modulo: the result has the sign of the divisor, so negative times land in the right window. */
export function floorMod(a: number, n: number): number {
  const r = a % n;
  return r < 0 ? r + n : r;
}
