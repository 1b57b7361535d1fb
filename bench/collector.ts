/**
 * The final (key, window) -> (count, sum) table every variant produces, kept as an order-independent
 * digest so that it costs no memory: each variant reports every (key, window) exactly once with its
 * final value (the hand-written loops when they flush a window, the RxJS variants on the window's last
 * pane, `isLast`, which under accumulating panes holds everything). A cell reported twice or missed
 * changes the number of cells or the hash, and the run fails. Earlier panes (early firings) are kept
 * in a second digest of the same kind, so a loop that emits early results must emit the same ones.
 */
export class ResultTable {
  private cells = 0;
  private count = 0;
  private sum = 0;
  private hash = 0;
  private early = 0;
  private earlyHash = 0;
  /** Every pane or flushed window seen, final or not. */
  panes = 0;

  /** A pane that is not the last of its window: counted and hashed apart from the final table. */
  partial(key: string, start: number, end: number, count: number, sum: number): void {
    this.panes++;
    this.early++;
    this.earlyHash = (this.earlyHash + cellHash(key, start, end, count, sum)) % 4294967296;
  }

  put(key: string, start: number, end: number, count: number, sum: number): void {
    this.panes++;
    this.cells++;
    this.count += count;
    this.sum += sum;
    // A sum of per-cell hashes does not depend on the order the cells arrive in.
    this.hash = (this.hash + cellHash(key, start, end, count, sum)) % 4294967296;
  }

  /** Cells, total count, total sum, and the order-independent hash; then the earlier panes, if any. */
  digest(): string {
    const table = `${this.cells} cells, count ${this.count}, sum ${this.sum}, hash ${this.hash.toString(16)}`;
    return this.early === 0 ? table : `${table}; ${this.early} earlier panes, hash ${this.earlyHash.toString(16)}`;
  }
}

/**
 * FNV-1a over the key's characters and the 32-bit halves of the four integers (exact up to 2^53). No
 * string is built: the check costs every variant the same few hundred nanoseconds per cell.
 */
function cellHash(key: string, start: number, end: number, count: number, sum: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h = mix(mix(mix(mix(h, start), end), count), sum);
  // A final avalanche so that cells differing in one field do not cancel in the sum.
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function mix(h: number, x: number): number {
  h = Math.imul(h ^ (x >>> 0), 0x01000193);
  return Math.imul(h ^ (Math.floor(x / 4294967296) | 0), 0x01000193);
}
