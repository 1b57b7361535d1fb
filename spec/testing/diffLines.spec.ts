import fc from 'fast-check';
import { concat, from, NEVER } from 'rxjs';
import { intervalWindow, type Pane } from '../../src/index';
import { diffLines, MAX_ALIGNED_EDITS } from '../../src/testing/diffLines';
import { expectPanes } from '../../src/testing/index';

/** The length of a longest common subsequence, by the textbook table (fine for short inputs). */
function lcsLength(a: readonly string[], b: readonly string[]): number {
  let row = new Array<number>(b.length + 1).fill(0);
  for (let i = a.length - 1; i >= 0; i--) {
    const next = new Array<number>(b.length + 1).fill(0);
    for (let j = b.length - 1; j >= 0; j--) next[j] = a[i] === b[j] ? row[j + 1] + 1 : Math.max(row[j], next[j + 1]);
    row = next;
  }
  return row[0];
}

const sides = (diff: readonly string[]) => ({
  expected: diff.filter((l) => l.startsWith('  ') || l.startsWith('- ')).map((l) => l.slice(2)),
  actual: diff.filter((l) => l.startsWith('  ') || l.startsWith('+ ')).map((l) => l.slice(2)),
  edits: diff.filter((l) => l.startsWith('- ') || l.startsWith('+ ')).length,
});

describe('diffLines', () => {
  it('shows a changed, a missing and an extra line among equal ones', () => {
    expect(diffLines(['a', 'b', 'c', 'd'], ['a', 'x', 'c', 'd', 'e'])).toEqual(['  a', '- b', '+ x', '  c', '  d', '+ e']);
    expect(diffLines(['a', 'b', 'c'], ['b', 'c'])).toEqual(['- a', '  b', '  c']);
    expect(diffLines([], [])).toEqual([]);
    expect(diffLines(['a'], [])).toEqual(['- a']);
  });

  it('is a shortest edit script: each side reads back, with as few removed and added lines as possible', () => {
    const lines = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 14 });
    fc.assert(
      fc.property(lines, lines, (expected, actual) => {
        const d = sides(diffLines(expected, actual));
        expect(d.expected).toEqual(expected);
        expect(d.actual).toEqual(actual);
        expect(d.edits).toBe(expected.length + actual.length - 2 * lcsLength(expected, actual));
      }),
      { numRuns: 500 },
    );
  });

  it('past the edit limit, keeps the equal start and end and shows the rest as removed, then added', () => {
    expect(diffLines(['s', 'a', 'b', 'c', 'e'], ['s', 'x', 'y', 'z', 'e'], 2)).toEqual([
      '  s',
      '~ more than 2 lines differ from here on: the expected ones follow, then the actual ones',
      '- a',
      '- b',
      '- c',
      '+ x',
      '+ y',
      '+ z',
      '  e',
    ]);
  });
});

describe('expectPanes on long outputs', () => {
  const pane = (i: number, value: number): Pane<number, string> => ({
    key: `k${i}`,
    window: intervalWindow(0, 60_000),
    value,
    pane: { timing: 'ON_TIME', index: 0, onTimeIndex: 0, isFirst: true, isLast: true },
    timestamp: 59_999,
  });
  const line = (i: number, value: number) => `k${i} [0s, 1m) ON_TIME #0/0 first last ${value}`;
  const failure = (run: () => void): string[] => {
    try {
      run();
    } catch (e) {
      return (e as Error).message.split('\n');
    }
    throw new Error('expected a failure');
  };

  it('8,000 panes with a few wrong: only those lines are marked (the quadratic table needed 500 MB here)', () => {
    const n = 8_000;
    const wrong = new Set([10, 4_000, 7_990]);
    const panes = Array.from({ length: n }, (_, i) => pane(i, wrong.has(i) ? -1 : i));
    const expected = Array.from({ length: n }, (_, i) => line(i, i)).join('\n');
    const message = failure(() => expectPanes(from(panes)).toBe(expected));
    expect(message[0]).toBe('expectPanes: the panes differ (- expected, + actual):');
    expect(message.filter((l) => !l.startsWith('  '))).toEqual([
      'expectPanes: the panes differ (- expected, + actual):',
      `- ${line(10, 10)}`,
      `+ ${line(10, -1)}`,
      `- ${line(4_000, 4_000)}`,
      `+ ${line(4_000, -1)}`,
      `- ${line(7_990, 7_990)}`,
      `+ ${line(7_990, -1)}`,
    ]);
    expect(message).toHaveLength(1 + n + wrong.size);
  });

  it('100,000 panes all different from what was expected: the first differing lines come first, in bounded memory', () => {
    const n = 100_000;
    const panes = Array.from({ length: n }, (_, i) => pane(i, -i - 1));
    const expected = Array.from({ length: n }, (_, i) => line(i, i)).join('\n');
    const message = failure(() => expectPanes(concat(from(panes), NEVER)).toBe(expected));
    expect(message.slice(0, 4)).toEqual([
      'expectPanes: the panes differ (- expected, + actual):',
      `~ more than ${MAX_ALIGNED_EDITS} lines differ from here on: the expected ones follow, then the actual ones`,
      `- ${line(0, 0)}`,
      `- ${line(1, 1)}`,
    ]);
    expect(message[2 + n]).toBe(`+ ${line(0, -1)}`);
    expect(message[message.length - 1]).toBe('+ (not complete)');
    expect(message).toHaveLength(2 + 2 * n + 1);
  });
});
