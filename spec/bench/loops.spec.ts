/**
 * The bench's hand-written loops against the package on small workloads of several shapes: each loop
 * must give the same final (key, window) -> (count, sum) table as the pipeline (and, for the early
 * firing loop, the same earlier panes), with either container for its keys. The disorder never
 * exceeds the out-of-orderness, as in the bench: nothing is late, so the loops' simpler drop rule
 * never comes into play.
 */
import { earlyLoop } from '../../bench/earlyLoop';
import { ResultTable } from '../../bench/collector';
import type { DictKind } from '../../bench/dict';
import { HeapProbe } from '../../bench/probe';
import { ours } from '../../bench/rxVariants';
import { slidingLoop } from '../../bench/slidingLoop';
import { sortedSessionLoop } from '../../bench/sortedSessionLoop';
import { windowLoop } from '../../bench/windowLoop';
import { materialise, type WorkloadSpec } from '../../bench/workload';

const probe = () => new HeapProbe('sampled', 1 << 15, 0);
const fixed = { size: 60_000, period: 60_000, outOfOrderness: 5_000, allowedLateness: 10_000 };
const sliding = { ...fixed, period: 10_000 };
const shapes: WorkloadSpec[] = [
  { events: 30_000, keys: 50, maxDisorder: 5_000, seed: 1 },
  { events: 30_000, keys: 5_000, maxDisorder: 5_000, seed: 2 },
  { events: 20_000, keys: 3, maxDisorder: 1, seed: 3 },
];
const kinds: DictKind[] = ['map', 'object'];

async function digest(run: (out: ResultTable) => unknown): Promise<string> {
  const out = new ResultTable();
  await run(out);
  expect(out.panes).toBeGreaterThan(0);
  return out.digest();
}

describe.each(shapes)('bench loops on %o', (shape) => {
  const data = materialise(shape);

  it.each(kinds)('windowLoop (%s) gives the pipeline table for fixed windows', async (kind) => {
    const expected = await digest((out) => ours(data, fixed, { windows: 'fixed' }, probe(), out));
    expect(await digest((out) => windowLoop(data, fixed, probe(), out, kind))).toBe(expected);
  });

  it.each(kinds)('earlyLoop (%s) gives the pipeline table and early panes', async (kind) => {
    const expected = await digest((out) => ours(data, fixed, { windows: 'fixed', early: true }, probe(), out));
    expect(expected).toContain('earlier panes');
    expect(await digest((out) => earlyLoop(data, { ...fixed, delay: 10_000 }, probe(), out, kind))).toBe(expected);
  });

  it.each(kinds)('slidingLoop (%s) gives the pipeline table for sliding windows', async (kind) => {
    const expected = await digest((out) => ours(data, sliding, { windows: 'sliding' }, probe(), out));
    expect(await digest((out) => slidingLoop(data, sliding, probe(), out, kind))).toBe(expected);
  });

  it.each([
    [5_000, 'map'],
    [5_000, 'object'],
    [500, 'object'],
    [30_000, 'map'],
  ] as const)('sortedSessionLoop (gap %d, %s) gives the pipeline table for sessions', async (gap, kind) => {
    const expected = await digest((out) => ours(data, fixed, { windows: 'session', gap }, probe(), out));
    expect(await digest((out) => sortedSessionLoop(data, { gap, ...fixed }, probe(), out, kind))).toBe(expected);
  });
});
