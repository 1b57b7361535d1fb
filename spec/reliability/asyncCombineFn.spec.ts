import { from, Subject, VirtualTimeScheduler, type OperatorFunction } from 'rxjs';
import {
  afterCount,
  afterWatermark,
  assignEventTime,
  Combine,
  combinePerKey,
  fixedWindow,
  sessionWindow,
  type CombineFn,
  type DeadLetter,
  type EventTimeRecord,
} from '../../src/index';

interface Ev {
  readonly id: string;
  readonly t: number;
}

type Method = 'createAccumulator' | 'addInput' | 'mergeAccumulators' | 'extractOutput' | 'compact';

/** A count whose `method` answers with `answer(...)` instead of its result. */
function countAnswering(method: Method, answer: (result: unknown) => unknown): CombineFn<Ev, number, number> {
  const count = Combine.count<Ev>();
  const fn: CombineFn<Ev, number, number> = {
    createAccumulator: () => count.createAccumulator(),
    addInput: (acc, e) => count.addInput(acc, e),
    mergeAccumulators: (accs) => count.mergeAccumulators(accs),
    extractOutput: (acc) => count.extractOutput(acc),
    compact: (acc) => acc,
  };
  const original = fn[method] as (...args: unknown[]) => unknown;
  return { ...fn, [method]: (...args: unknown[]) => answer(original(...args)) } as CombineFn<Ev, number, number>;
}

/** Windowing that makes the grouping call `method`: sessions that merge for mergeAccumulators, accumulating early panes for compact. */
function windowingFor(method: Method): OperatorFunction<EventTimeRecord<Ev>, EventTimeRecord<Ev>> {
  if (method === 'mergeAccumulators') return sessionWindow(10_000);
  if (method === 'compact') return (e$) => e$.pipe(fixedWindow(60_000), afterWatermark({ early: afterCount(1), accumulation: 'accumulating' }));
  return fixedWindow(60_000);
}

function run(fn: CombineFn<Ev, number, number>, method: Method, onError: 'fail' | 'route') {
  const vts = new VirtualTimeScheduler();
  const deadLetters = new Subject<DeadLetter<Ev>>();
  const letters: DeadLetter<Ev>[] = [];
  deadLetters.subscribe((d) => letters.push(d));
  const out = { values: [] as unknown[], error: undefined as unknown, letters };
  // Under sessions of 10 s the third element bridges the sessions of the first two.
  from([
    { id: 'a', t: 1_000 },
    { id: 'b', t: 20_000 },
    { id: 'c', t: 10_500 },
  ])
    .pipe(assignEventTime((e: Ev) => e.t, { scheduler: vts }), windowingFor(method), combinePerKey(() => 'k', fn, { onError, deadLetters }))
    .subscribe({ next: (v) => out.values.push(v), error: (e: unknown) => (out.error = e) });
  vts.flush();
  return out;
}

const METHODS: Method[] = ['createAccumulator', 'addInput', 'mergeAccumulators', 'extractOutput', 'compact'];

describe('a CombineFn must be synchronous', () => {
  it.each(METHODS.flatMap((m) => [[m, 'fail'] as const, [m, 'route'] as const]))(
    '%s returning a Promise errors the stream naming the method (onError: %s)',
    (method, onError) => {
      const r = run(
        countAnswering(method, (x) => Promise.resolve(x)),
        method,
        onError,
      );
      expect(r.values).toEqual([]);
      expect(r.letters).toEqual([]);
      expect(r.error).toBeInstanceOf(TypeError);
      expect((r.error as Error).message).toBe(`combinePerKey: combineFn.${method} returned a Promise; CombineFns must be synchronous`);
    },
  );

  it('any thenable counts', () => {
    const r = run(
      countAnswering('addInput', (x) => ({ then: (resolve: (v: unknown) => void) => resolve(x) })),
      'addInput',
      'fail',
    );
    expect((r.error as Error).message).toBe('combinePerKey: combineFn.addInput returned a thenable (an object with a then method); CombineFns must be synchronous');
  });

  it('a Promise that rejects later is not left as an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      const r = run(
        countAnswering('addInput', () => Promise.reject(new Error('async failure'))),
        'addInput',
        'fail',
      );
      expect((r.error as Error).message).toBe('combinePerKey: combineFn.addInput returned a Promise; CombineFns must be synchronous');
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', listener);
    }
  });
});

describe('a key function that returns a Promise', () => {
  it('is refused as an invalid key, and its rejection is not left unhandled', async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      let error: unknown;
      from([{ id: 'a', t: 1 }])
        .pipe(
          assignEventTime((e: Ev) => e.t),
          fixedWindow(10),
          combinePerKey((): unknown => Promise.reject(new Error('async key')), Combine.count<Ev>()),
        )
        .subscribe({ error: (e: unknown) => (error = e) });
      await new Promise((resolve) => setImmediate(resolve));
      expect(String((error as Error).message)).toMatch(/^combinePerKey: .*key/);
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', listener);
    }
  });
});
