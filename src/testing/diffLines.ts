/**
 * The line diff `expectPanes` prints. Outputs of tests that fail are mostly equal with a few changed
 * panes, so the diff finds the fewest lines to remove and add (Myers' algorithm, as `git diff` does)
 * in time and memory that grow with the number of differences, not with the square of the length.
 * Past {@link MAX_ALIGNED_EDITS} differences it stops aligning and shows the rest as removed then
 * added (after a `~` line saying so), so a wholly different output of any length still costs little.
 */

/** How many removed and added lines the diff aligns before it shows the rest as one block. */
export const MAX_ALIGNED_EDITS = 2_000;

/**
 * A unified line diff without context limits: `  ` for a line in both, `- ` for an expected line
 * missing from the actual ones, `+ ` for an actual line not expected. The lines both start and end with
 * are matched first; the lines between are aligned by the fewest edits (at most `maxEdits` of them).
 * Memory: O(n + m + maxEdits²); time: O((n + m) · maxEdits).
 *
 * @example diffLines(['a', 'b', 'c'], ['a', 'x', 'c']) // ['  a', '- b', '+ x', '  c']
 */
export function diffLines(expected: readonly string[], actual: readonly string[], maxEdits = MAX_ALIGNED_EDITS): string[] {
  let head = 0;
  while (head < expected.length && head < actual.length && expected[head] === actual[head]) head++;
  let endE = expected.length;
  let endA = actual.length;
  while (endE > head && endA > head && expected[endE - 1] === actual[endA - 1]) {
    endE--;
    endA--;
  }
  const out: string[] = [];
  for (let i = 0; i < head; i++) out.push(`  ${expected[i]}`);
  const middle = align(expected.slice(head, endE), actual.slice(head, endA), maxEdits);
  if (middle !== undefined) for (const line of middle) out.push(line);
  else {
    out.push(`~ more than ${maxEdits} lines differ from here on: the expected ones follow, then the actual ones`);
    for (let i = head; i < endE; i++) out.push(`- ${expected[i]}`);
    for (let j = head; j < endA; j++) out.push(`+ ${actual[j]}`);
  }
  for (let i = endE; i < expected.length; i++) out.push(`  ${expected[i]}`);
  return out;
}

/**
 * Myers' greedy shortest edit script, or `undefined` when it needs more than `maxEdits` edits. Round
 * `d` keeps, for each diagonal `k = x - y` it reached, the furthest `x`; those rows (d + 1 numbers each)
 * are what the walk back needs.
 */
function align(a: readonly string[], b: readonly string[], maxEdits: number): string[] | undefined {
  const n = a.length;
  const m = b.length;
  const limit = Math.min(n + m, maxEdits);
  const offset = limit + 1;
  const v = new Int32Array(2 * limit + 3);
  const rounds: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= limit && found < 0; d++) {
    for (let k = -d; k <= d; k += 2) {
      // From the diagonal above (an added line) or the one to the left (a removed line).
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) found = d;
    }
    const row = new Int32Array(d + 1);
    for (let k = -d, i = 0; k <= d; k += 2, i++) row[i] = v[offset + k];
    rounds.push(row);
  }
  if (found < 0) return undefined;
  // Walk back from the end, one edit per round, collecting lines in reverse.
  const reversed: string[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const prev = rounds[d - 1];
    const at = (k: number) => prev[(k + d - 1) >> 1];
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    const startX = down ? prevX : prevX + 1;
    const startY = down ? prevY + 1 : prevY;
    while (x > startX && y > startY) {
      x--;
      y--;
      reversed.push(`  ${a[x]}`);
    }
    if (down) reversed.push(`+ ${b[--y]}`);
    else reversed.push(`- ${a[--x]}`);
  }
  while (x > 0 && y > 0) {
    x--;
    y--;
    reversed.push(`  ${a[x]}`);
  }
  return reversed.reverse();
}
