/**
 * A checkpointed run stopped at any moment and started again ends with exactly the output of an
 * uninterrupted run, each output once: fixed windows with early and late firings, sliding windows,
 * sessions, retracting sessions, and two groupings in a row, and coGroupByKey over two branches of one input. Runs here use an in-memory source, store and sink with the
 * same contracts as the file-backed ones (the sink keeps what was written since the last flush until a
 * restart cuts it back, as a file does).
 */
import fc from 'fast-check';
import { map, share, type Observable } from 'rxjs';
import {
  afterCount,
  afterWatermark,
  asEventTime,
  assignEventTime,
  coGroupByKey,
  Combine,
  combinePerKey,
  fixedWindow,
  sessionWindow,
  slidingWindow,
  withKeys,
  type Pane,
} from '../../src/index';
import { runCheckpointed } from '../../src/io/checkpointedRun';
import { Crash, memorySink, memorySource, memoryStore, plainRun, runWithCrashes } from '../helpers/memoryCheckpointing';

interface Ev {
  readonly k: string;
  readonly t: number;
  readonly v: number;
}

const time = (e: Ev) => e.t;
const pipelines: Record<string, (input: Observable<Ev>) => Observable<Pane<unknown, unknown>>> = {
  fixedEarlyLate: (input) =>
    input.pipe(
      assignEventTime(time, { watermark: 3_000, emitWatermark: 'perElement' }),
      fixedWindow<Ev>(10_000),
      afterWatermark<Ev>({ early: afterCount(2), late: afterCount(1), accumulation: 'accumulating', allowedLateness: 5_000 }),
      combinePerKey((e: Ev) => e.k, Combine.sum((e: Ev) => e.v)),
    ),
  sliding: (input) =>
    input.pipe(
      assignEventTime(time, { watermark: 3_000, emitWatermark: 'perElement' }),
      slidingWindow<Ev>(20_000, 10_000),
      combinePerKey((e: Ev) => e.k, Combine.count<Ev>()),
    ),
  sessions: (input) =>
    input.pipe(
      assignEventTime(time, { watermark: 3_000, emitWatermark: 'perElement' }),
      sessionWindow<Ev>(5_000),
      afterWatermark<Ev>({ late: afterCount(1), accumulation: 'discarding', allowedLateness: 2_000 }),
      combinePerKey((e: Ev) => e.k, Combine.toList<Ev>()),
    ),
  // Every pane but the first of a window withdraws the one before; a restart must still withdraw those filed before it.
  retracting: (input) =>
    input.pipe(
      assignEventTime(time, { watermark: 3_000, emitWatermark: 'perElement' }),
      sessionWindow<Ev>(5_000),
      afterWatermark<Ev>({ early: afterCount(1), late: afterCount(1), accumulation: 'accumulatingAndRetracting', allowedLateness: 2_000 }),
      combinePerKey((e: Ev) => e.k, Combine.sum((e: Ev) => e.v)),
    ),
  twoGroupings: (input) =>
    input.pipe(
      assignEventTime(time, { watermark: 3_000, emitWatermark: 'perElement' }),
      fixedWindow<Ev>(10_000),
      combinePerKey((e: Ev) => e.k, Combine.sum((e: Ev) => e.v)),
      asEventTime(),
      combinePerKey((p: Pane<number, string>) => p.value % 2, Combine.count<Pane<number, string>>()),
    ),
  // Two branches of one input joined again: the barrier reaches coGroupByKey twice and passes it once.
  coGroupByKey: (input) => {
    const events$ = input.pipe(assignEventTime(time, { watermark: 3_000, emitWatermark: 'perElement' }), share());
    return coGroupByKey({
      values: events$.pipe(fixedWindow<Ev>(10_000), withKeys((e: Ev) => e.k)),
      times: events$.pipe(fixedWindow<Ev>(10_000), withKeys((e: Ev) => e.k)),
    });
  },
};

const events = fc.array(
  fc.record({ k: fc.constantFrom('a', 'b', 'c'), t: fc.integer({ min: 0, max: 60_000 }), v: fc.integer({ min: 1, max: 9 }) }),
  { minLength: 1, maxLength: 120 },
);

describe('runCheckpointed', () => {
  for (const [name, pipeline] of Object.entries(pipelines)) {
    it(`a run stopped at random points and started again ends with the uninterrupted output, each once (${name})`, async () => {
      await fc.assert(
        fc.asyncProperty(events, fc.integer({ min: 1, max: 20 }), fc.array(fc.nat({ max: 60 }), { minLength: 1, maxLength: 4 }), async (evs, every, crashes) => {
          const expected = await plainRun(pipeline, evs);
          expect(await runWithCrashes(pipeline, evs, every, crashes)).toEqual(expected);
        }),
        { numRuns: 100 },
      );
    });
  }

  it('resumes from the latest checkpoint and reads on after its position', async () => {
    const evs: Ev[] = Array.from({ length: 10 }, (_, i) => ({ k: 'a', t: i * 1_000, v: 1 }));
    const store = memoryStore();
    const sink = memorySink<Pane<unknown, unknown>>();
    const pipeline = pipelines.sliding;
    await expect(runCheckpointed({ source: memorySource(evs, 7), store, sink, pipeline, every: 3 })).rejects.toBeInstanceOf(Crash);
    expect([...store.saved.keys()]).toEqual([1, 2]);
    const second = await runCheckpointed({ source: memorySource(evs), store, sink, pipeline, every: 3 });
    expect(second).toEqual({ resumedFrom: 2, records: 4, outputs: expect.any(Number), checkpoints: 2 });
    expect(sink.lines).toEqual(await plainRun(pipeline, evs));
    // Finished: a run started again does nothing.
    expect(await runCheckpointed({ source: memorySource(evs), store, sink, pipeline, every: 3 })).toEqual({ resumedFrom: 4, records: 0, outputs: 0, checkpoints: 0 });
  });

  it('refuses a pipeline whose barriers do not reach its end, saying how to build it', async () => {
    const evs: Ev[] = [{ k: 'a', t: 0, v: 1 }];
    const run = runCheckpointed({ source: memorySource(evs), store: memoryStore(), sink: memorySink<number>(), pipeline: (input) => input.pipe(map(() => 1)), every: 1 });
    await expect(run).rejects.toThrow('did not reach the end of the pipeline');
  });

  it('refuses to restore into another pipeline, naming the states it cannot place', async () => {
    const evs: Ev[] = Array.from({ length: 5 }, (_, i) => ({ k: 'a', t: i * 1_000, v: 1 }));
    const store = memoryStore();
    await runCheckpointed({ source: memorySource(evs, 3), store, sink: memorySink(), pipeline: pipelines.twoGroupings, every: 2 }).catch(() => undefined);
    await expect(runCheckpointed({ source: memorySource(evs), store, sink: memorySink(), pipeline: pipelines.sliding, every: 2 })).rejects.toThrow(
      /holds state for combinePerKey#2, which this pipeline does not have|taken under the windowing strategy/,
    );
  });
});
