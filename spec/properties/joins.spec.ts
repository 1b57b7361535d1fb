/**
 * The joins against brute force: whatever the arrival order of the two inputs and wherever their
 * watermarks move (each input out of order within the allowed lateness), the join emits exactly the
 * pairs the brute-force definition gives, never an element behind the output watermark, no dead letter,
 * and holds exactly what the watermark still allows, then nothing.
 */
import fc from 'fast-check';
import { Subject } from 'rxjs';
import { encodeKey, intervalJoin, temporalJoin, type DeadLetter, type EventTimeRecord, type IntervalJoinMetrics, type TemporalJoinMetrics } from '../../src/index';

interface Ev {
  readonly id: string;
  readonly k: number | { readonly g: number };
  readonly t: number;
}
type Step = { readonly side: 0 | 1; readonly ev: Ev } | { readonly side: 0 | 1; readonly watermark: number } | { readonly side: 0 | 1; readonly complete: true };

/** Keys compare by value: `1` and `{ g: 1 }` are two keys, two `{ g: 1 }` one. */
const keyOf = (e: Ev): string => encodeKey(e.k);
const keyArb = fc.integer({ min: 0, max: 2 }).chain((g) => fc.constantFrom<Ev['k']>(g, { g }));

/**
 * A run: the events of both sides in a random arrival order, with watermarks at random places, each as
 * high as the side's later events allow (their smallest time plus the lateness) or lower, never going back.
 */
function runArb(lateness: number): fc.Arbitrary<Step[]> {
  const side = (s: 0 | 1) =>
    fc.array(fc.record({ k: keyArb, t: fc.integer({ min: 0, max: 40 }) }), { maxLength: 12 }).map((es) => es.map((e, i) => ({ id: `${'LR'[s]}${i}`, ...e })));
  return fc
    .record({
      left: side(0),
      right: side(1),
      order: fc.array(fc.nat(), { maxLength: 24 }),
      marks: fc.array(fc.record({ at: fc.nat(30), side: fc.constantFrom<0 | 1>(0, 1), below: fc.nat(8) }), { maxLength: 10 }),
    })
    .map(({ left, right, order, marks }) => {
      // Interleave the two sides as `order` says (a random merge), then add the watermarks.
      const queues: Ev[][] = [left.slice(), right.slice()];
      const arrivals: { side: 0 | 1; ev: Ev }[] = [];
      for (let i = 0; queues[0].length + queues[1].length > 0; i++) {
        const s: 0 | 1 = queues[1].length === 0 || (queues[0].length > 0 && (order[i] ?? i) % 2 === 0) ? 0 : 1;
        arrivals.push({ side: s, ev: queues[s].shift()! });
      }
      const steps: Step[] = [];
      const last = [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
      arrivals.forEach((a, i) => {
        for (const m of marks.filter((x) => x.at === i)) {
          const later = arrivals.slice(i).filter((b) => b.side === m.side);
          const bound = later.length === 0 ? 60 : Math.min(...later.map((b) => b.ev.t)) + lateness;
          const w = Math.max(last[m.side], bound - m.below);
          if (w > last[m.side]) steps.push({ side: m.side, watermark: (last[m.side] = w) });
        }
        steps.push(a);
      });
      const first = marks.length % 2 === 0 ? 0 : 1;
      steps.push({ side: first, complete: true }, { side: (1 - first) as 0 | 1, complete: true });
      return steps;
    });
}

interface Outcome<M> {
  readonly out: [value: string, timestamp: number][];
  readonly dead: DeadLetter<Ev>[];
  readonly behindWatermark: string[];
  readonly completed: boolean;
  readonly metrics: Readonly<M>;
}

/** Feeds the steps to `join` (left piped, right as its other input), checking `held` after every step. */
function run<M>(steps: Step[], join: (left: Subject<EventTimeRecord<Ev>>, right: Subject<EventTimeRecord<Ev>>, dead: DeadLetter<Ev>[], onMetrics: (m: M) => void) => import('rxjs').Observable<EventTimeRecord<string>>, held: (m: M, seen: Step[]) => void): Outcome<M> {
  const inputs = [new Subject<EventTimeRecord<Ev>>(), new Subject<EventTimeRecord<Ev>>()];
  const dead: DeadLetter<Ev>[] = [];
  const out: [string, number][] = [];
  const behindWatermark: string[] = [];
  let outputWatermark = Number.NEGATIVE_INFINITY;
  let completed = false;
  let metrics: M | undefined;
  join(inputs[0], inputs[1], dead, (m) => (metrics = m)).subscribe({
    next: (r) => {
      if (r.kind === 'watermark') outputWatermark = r.watermark;
      if (r.kind !== 'element') return;
      out.push([r.value, r.timestamp]);
      if (r.timestamp < outputWatermark) behindWatermark.push(`${r.value}@${r.timestamp} < ${outputWatermark}`);
    },
    error: (e: unknown) => {
      throw e;
    },
    complete: () => (completed = true),
  });
  steps.forEach((s, i) => {
    if ('ev' in s) inputs[s.side].next({ kind: 'element', value: s.ev, timestamp: s.ev.t });
    else if ('watermark' in s) inputs[s.side].next({ kind: 'watermark', watermark: s.watermark });
    else inputs[s.side].complete();
    if (!completed) held(metrics!, steps.slice(0, i + 1));
  });
  return { out, dead, behindWatermark, completed, metrics: metrics! };
}

const sorted = (pairs: [string, number][]) => pairs.map(([v, t]) => `${v}@${t}`).sort();

/** The watermarks of both sides after `seen`, and their minimum minus the lateness (the horizon). */
function horizonAfter(seen: Step[], lateness: number): { sides: number[]; horizon: number } {
  const sides = [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (const s of seen) {
    if ('watermark' in s) sides[s.side] = s.watermark;
    if ('complete' in s) sides[s.side] = Number.POSITIVE_INFINITY;
  }
  return { sides, horizon: Math.min(...sides) - lateness };
}

describe('joins against brute force', () => {
  it('intervalJoin emits exactly the pairs of equal keys within the bounds, never behind its watermark, and holds exactly what can still match', () => {
    const params = fc.record({ lower: fc.integer({ min: -10, max: 5 }), width: fc.integer({ min: 0, max: 12 }), lateness: fc.constantFrom(0, 3, 10) });
    fc.assert(
      fc.property(
        params.chain((p) => fc.tuple(fc.constant(p), runArb(p.lateness))),
        ([{ lower, width, lateness }, steps]) => {
          const upper = lower + width;
          const outcome = run<IntervalJoinMetrics>(
            steps,
            (left, right, dead, onMetrics) =>
              left.pipe(
                intervalJoin(right, {
                  key: (e: Ev) => e.k,
                  otherKey: (e: Ev) => e.k,
                  lowerBound: lower,
                  upperBound: upper,
                  allowedLateness: lateness,
                  join: (a, b) => `${a.id}+${b.id}`,
                  deadLetters: { next: (d) => dead.push(d) },
                  onMetrics,
                }),
              ),
            (m, seen) => {
              const { horizon } = horizonAfter(seen, lateness);
              const evs = seen.filter((s): s is { side: 0 | 1; ev: Ev } => 'ev' in s);
              const expected = evs.filter((s) => (s.side === 0 ? s.ev.t + upper : s.ev.t - lower) >= horizon).length;
              expect(m.buffered).toBe(expected);
            },
          );
          const evs = steps.filter((s): s is { side: 0 | 1; ev: Ev } => 'ev' in s);
          const reference: [string, number][] = [];
          for (const a of evs.filter((s) => s.side === 0))
            for (const b of evs.filter((s) => s.side === 1))
              if (keyOf(a.ev) === keyOf(b.ev) && b.ev.t >= a.ev.t + lower && b.ev.t <= a.ev.t + upper) reference.push([`${a.ev.id}+${b.ev.id}`, Math.max(a.ev.t, b.ev.t)]);
          expect(outcome.dead).toEqual([]);
          expect(outcome.behindWatermark).toEqual([]);
          expect(sorted(outcome.out)).toEqual(sorted(reference));
          expect(outcome.completed).toBe(true);
          expect(outcome.metrics.buffered).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("temporalJoin joins each element with its key's latest version at or before its time, never behind its watermark, and holds no more than the watermark needs", () => {
    const params = fc.record({ lateness: fc.constantFrom(0, 3, 10) });
    fc.assert(
      fc.property(
        params.chain((p) => fc.tuple(fc.constant(p), runArb(p.lateness))),
        ([{ lateness }, steps]) => {
          const outcome = run<TemporalJoinMetrics>(
            steps,
            (main, table, dead, onMetrics) =>
              main.pipe(
                temporalJoin(table, {
                  key: (e: Ev) => e.k,
                  tableKey: (e: Ev) => e.k,
                  missing: 'emit-undefined',
                  allowedLateness: lateness,
                  join: (a: Ev, v: Ev | undefined) => `${a.id}+${v?.id ?? '-'}`,
                  deadLetters: { next: (d) => dead.push(d) },
                  onMetrics,
                }),
              ),
            (m, seen) => {
              const { sides, horizon } = horizonAfter(seen, lateness);
              const readyBefore = sides[1] === Number.POSITIVE_INFINITY ? Number.POSITIVE_INFINITY : sides[1] - lateness;
              const evs = seen.filter((s): s is { side: 0 | 1; ev: Ev } => 'ev' in s);
              expect(m.pending).toBe(evs.filter((s) => s.side === 0 && s.ev.t >= readyBefore).length);
              // Per key: the distinct version times after the horizon, and the latest at or before it.
              let versions = 0;
              for (const k of new Set(evs.map((s) => keyOf(s.ev)))) {
                const times = new Set(evs.filter((s) => s.side === 1 && keyOf(s.ev) === k).map((s) => s.ev.t));
                const after = [...times].filter((t) => t > horizon).length;
                versions += after + (times.size > after ? 1 : 0);
              }
              expect(m.versions).toBe(versions);
            },
          );
          const evs = steps.filter((s): s is { side: 0 | 1; ev: Ev } => 'ev' in s);
          const reference: [string, number][] = evs
            .filter((s) => s.side === 0)
            .map((a) => {
              let best: Ev | undefined;
              // The latest time at or before the element's; at equal times the version that arrived last.
              for (const v of evs) if (v.side === 1 && keyOf(v.ev) === keyOf(a.ev) && v.ev.t <= a.ev.t && (best === undefined || v.ev.t >= best.t)) best = v.ev;
              return [`${a.ev.id}+${best?.id ?? '-'}`, a.ev.t];
            });
          expect(outcome.dead).toEqual([]);
          expect(outcome.behindWatermark).toEqual([]);
          expect(sorted(outcome.out)).toEqual(sorted(reference));
          expect(outcome.completed).toBe(true);
          expect(outcome.metrics.buffered).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});
