/**
 * The final (key, window) -> (count, sum) table every variant fills. A later pane for the same key and
 * window replaces the earlier one (panes accumulate), so the table holds each window's final result.
 * The digest is order-independent and is what the run compares across variants.
 */
export class ResultTable {
  private readonly cells = new Map<string, { count: number; sum: number }>();
  panes = 0;

  put(key: string, start: number, end: number, count: number, sum: number): void {
    this.panes++;
    this.cells.set(`${key}|${start}|${end}`, { count, sum });
  }

  /** Entries, total count, total sum, and a hash of the sorted entries. */
  digest(): string {
    const ids = [...this.cells.keys()].sort();
    let h = 0x811c9dc5;
    let count = 0;
    let sum = 0;
    for (const id of ids) {
      const c = this.cells.get(id)!;
      count += c.count;
      sum += c.sum;
      const line = `${id}=${c.count},${c.sum};`;
      for (let i = 0; i < line.length; i++) h = Math.imul(h ^ line.charCodeAt(i), 0x01000193) >>> 0;
    }
    return `${ids.length} cells, count ${count}, sum ${sum}, hash ${h.toString(16)}`;
  }
}
