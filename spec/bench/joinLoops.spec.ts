/**
 * The joins' hand-written loops against the package's joins on small workloads of several shapes: the
 * same number of outputs, the same sum of joined products and the same sum of output times.
 */
import { intervalLoop, intervalOurs, temporalLoop, temporalOurs, type JoinParams } from '../../bench/joinLoops';
import { materialise, type WorkloadSpec } from '../../bench/workload';

const shapes: [WorkloadSpec, WorkloadSpec][] = [
  [{ events: 20_000, keys: 50, maxDisorder: 5_000, seed: 1 }, { events: 20_000, keys: 50, maxDisorder: 5_000, seed: 2 }],
  [{ events: 20_000, keys: 2_000, maxDisorder: 1_000, seed: 3 }, { events: 5_000, keys: 2_000, maxDisorder: 5_000, seed: 4 }],
  [{ events: 5_000, keys: 3, maxDisorder: 1, seed: 5 }, { events: 20_000, keys: 3, maxDisorder: 1, seed: 6 }],
];
const params: JoinParams[] = [
  { outOfOrderness: 5_000, lowerBound: -1_000, upperBound: 1_000 },
  { outOfOrderness: 5_000, lowerBound: 0, upperBound: 20 },
];

describe.each(shapes)('join loops on %o and %o', (l, r) => {
  const [left, right] = [materialise(l), materialise(r)];

  it.each(params)('intervalLoop gives what intervalJoin gives (%o)', (p) => {
    const ours = intervalOurs(left, right, p);
    expect(ours.count).toBeGreaterThan(0);
    expect(intervalLoop(left, right, p)).toEqual(ours);
  });

  it('temporalLoop gives what temporalJoin gives', () => {
    const p = params[0];
    const ours = temporalOurs(left, right, p);
    expect(ours.count).toBe(left.length);
    expect(ours.products).toBeGreaterThan(0);
    expect(temporalLoop(left, right, p)).toEqual(ours);
  });
});
