/**
 * The final (key, window) -> (count, sum) table every variant produces, kept as an order-independent
 * digest so that it costs no memory: each variant reports every (key, window) exactly once with its
 * final value (the hand-written loops when they flush a window, the RxJS variants on the window's last
 * pane, `isLast`, which under accumulating panes holds everything). A cell reported twice or missed
 * changes the number of cells or the hash, and the run fails.
 */
export class ResultTable {
  private cells = 0;
  private count = 0;
  private sum = 0;
  private hash = 0;
  /** Every pane or flushed window seen, final or not. */
  panes = 0;

  /** A pane that is not the last of its window: counted, not part of the table. */
  partial(): void {
    this.panes++;
  }

  put(key: string, start: number, end: number, count: number, sum: number): void {
    this.panes++;
    this.cells++;
    this.count += count;
    this.sum += sum;
    const line = `${key}|${start}|${end}=${count},${sum}`;
    let h = 0x811c9dc5;
    for (let i = 0; i < line.length; i++) h = Math.imul(h ^ line.charCodeAt(i), 0x01000193);
    // A sum of per-cell hashes does not depend on the order the cells arrive in.
    this.hash = (this.hash + (h >>> 0)) % 4294967296;
  }

  /** Cells, total count, total sum, and the order-independent hash. */
  digest(): string {
    return `${this.cells} cells, count ${this.count}, sum ${this.sum}, hash ${this.hash.toString(16)}`;
  }
}
