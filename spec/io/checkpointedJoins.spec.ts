/**
 * Event-time joins in checkpointed runs: a run through `intervalJoin` or `temporalJoin` stopped at any
 * moment and started again ends with exactly the output of an uninterrupted run, each output once, both
 * for the joined elements themselves and for a grouping of them downstream (which depends on the join's
 * output watermark). Both inputs are branches of one checkpointed input, so each checkpoint record
 * reaches the join on both sides.
 */
import fc from 'fast-check';
import { share, type Observable } from 'rxjs';
import { afterCount, afterWatermark, assignEventTime, Combine, combinePerKey, fixedWindow, intervalJoin, temporalJoin } from '../../src/index';
import type { EventTimeRecord } from '../../src/core/records';
import { runCheckpointed } from '../../src/io/checkpointedRun';
import { memorySink, memorySource, memoryStore, plainRun, runWithCrashes } from '../helpers/memoryCheckpointing';

interface Ev {
  readonly k: string;
  readonly t: number;
  readonly v: number;
}

type Pipeline = (input: Observable<Ev>) => Observable<unknown>;

const time = (e: Ev) => e.t;
const stamped = (input: Observable<Ev>) => input.pipe(assignEventTime(time, { watermark: 3_000, emitWatermark: 'perElement' }), share());

/** Each element with the elements of its key from 2 s before to 1 s after it. */
const interval = (input: Observable<Ev>) => {
  const events$ = stamped(input);
  return events$.pipe(
    intervalJoin(events$, { key: (a: Ev) => a.k, otherKey: (b: Ev) => b.k, lowerBound: -2_000, upperBound: 1_000, allowedLateness: 1_000, join: (a: Ev, b: Ev) => [a.k, a.t, a.v, b.t, b.v] }),
  );
};

/** Each element with its key's latest version at its time; versions with a value divisible by 3 are filed under 'z', which no element asks for. */
const temporal = (input: Observable<Ev>) => {
  const events$ = stamped(input);
  return events$.pipe(
    temporalJoin(events$, {
      key: (e: Ev) => e.k,
      tableKey: (e: Ev) => (e.v % 3 === 0 ? 'z' : e.k),
      join: (e: Ev, version: Ev | undefined) => [e.k, e.t, e.v, version?.t ?? null, version?.v ?? null],
      missing: 'emit-undefined',
      allowedLateness: 1_000,
    }),
  );
};

/** Windows over a join's output: what it emits depends on the join's output watermark too. */
const windowed = (join: (input: Observable<Ev>) => Observable<EventTimeRecord<(string | number | null)[]>>) => (input: Observable<Ev>) =>
  join(input).pipe(
    fixedWindow<(string | number | null)[]>(5_000),
    afterWatermark<(string | number | null)[]>({ early: afterCount(3), accumulation: 'accumulating' }),
    combinePerKey((row: (string | number | null)[]) => row[0], Combine.sum((row: (string | number | null)[]) => Number(row[2]) * 10 + Number(row[4] ?? 0))),
  );

const pipelines: Record<string, Pipeline> = { interval, temporal, intervalWindowed: windowed(interval), temporalWindowed: windowed(temporal) };

/** Events roughly in time order (a few seconds of disorder, so a few arrive late), 300 ms apart on average. */
const events = fc
  .array(fc.record({ k: fc.constantFrom('a', 'b', 'c'), jitter: fc.integer({ min: -2_500, max: 2_500 }), v: fc.integer({ min: 1, max: 9 }) }), { minLength: 1, maxLength: 100 })
  .map((es) => es.map(({ k, jitter, v }, i): Ev => ({ k, t: Math.max(0, i * 300 + jitter), v })));

/** What the checkpointed run's sink gets of a record a pipeline emits: element values, and panes as they are. */
function outputsOf(r: unknown): readonly unknown[] {
  const rec = r as { kind?: string; value?: unknown; elements?: readonly { value: unknown }[]; window?: unknown };
  if (rec.kind === 'element') return [rec.value];
  if (rec.kind === 'bundle') return rec.elements!.map((e) => e.value);
  return rec.kind === undefined || rec.window !== undefined ? [r] : [];
}

describe('runCheckpointed through event-time joins', () => {
  for (const [name, pipeline] of Object.entries(pipelines)) {
    it(`a run stopped at random points and started again ends with the uninterrupted output, each once (${name})`, async () => {
      await fc.assert(
        fc.asyncProperty(events, fc.integer({ min: 1, max: 20 }), fc.array(fc.nat({ max: 60 }), { minLength: 1, maxLength: 4 }), async (evs, every, crashes) => {
          const expected = await plainRun(pipeline, evs, outputsOf);
          expect(await runWithCrashes(pipeline, evs, every, crashes)).toEqual(expected);
        }),
        { numRuns: 100 },
      );
    });
  }

  it('files a join under its uid when given one', async () => {
    const evs: Ev[] = Array.from({ length: 6 }, (_, i) => ({ k: 'a', t: i * 1_000, v: i + 1 }));
    const store = memoryStore();
    const pipeline = (input: Observable<Ev>) => {
      const events$ = stamped(input);
      return events$.pipe(intervalJoin(events$, { key: (a: Ev) => a.k, otherKey: (b: Ev) => b.k, lowerBound: 0, upperBound: 0, uid: 'pairs' }));
    };
    await runCheckpointed({ source: memorySource(evs, 4), store, sink: memorySink(), pipeline, every: 2 }).catch(() => undefined);
    const saved = JSON.parse((await store.latest())!.data) as { operators: Record<string, unknown> };
    expect(Object.keys(saved.operators).sort()).toEqual(['assignEventTime#1', 'pairs']);
  });
});
