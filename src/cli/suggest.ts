/**
 * The edit distance between two words (Levenshtein: insertions, deletions and substitutions, plus
 * swapping two neighbours, the commonest typing slip), computed row by row.
 */
export function editDistance(a: string, b: string): number {
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prevPrev[j - 2] + 1);
      row.push(d);
    }
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length];
}

/**
 * The known word nearest to `word`, or undefined when none is near enough to be what was meant: a
 * word that starts the known one (an abbreviation) or is at most a third of its length away (at least
 * one edit). Ties go to the earlier word in `known`.
 */
export function nearest(word: string, known: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  if (lower.length >= 2) {
    const prefixed = known.filter((k) => k.startsWith(lower));
    if (prefixed.length === 1) return prefixed[0];
  }
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const k of known) {
    const d = editDistance(lower, k);
    if (d < bestDistance && d <= Math.max(1, Math.floor(k.length / 3))) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}
