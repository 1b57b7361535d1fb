/**
 * The joins at scale: each join fed `total` events (half a side), generated lazily one at a time, with
 * the heap measured after a full `gc()` at a few points of the run. A join's state is bounded by what
 * the watermark still lets match, so the heap must stay flat however long the run; a leak (state kept
 * per key or per element past its expiry) shows as a heap that grows with the events fed.
 */
import { Subject } from 'rxjs';
import { assignEventTime, intervalJoin, temporalJoin, type EventTimeRecord, type IntervalJoinMetrics, type TemporalJoinMetrics } from '../src/index.js';
import type { JoinParams } from './joinLoops.js';
import { events, type Event, type WorkloadSpec } from './workload.js';

/** One heap sample: events fed so far, heap used after `gc()` in MB, elements the join held. */
export interface HeapSample {
  readonly fed: number;
  readonly heapMb: number;
  readonly buffered: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

/** Heap used after a full collection, in MB. */
function heapMb(): number {
  gc!();
  return process.memoryUsage().heapUsed / 1_048_576;
}

/**
 * Runs one join over `total` lazily generated events (left i, then right i, a watermark after each),
 * sampling the heap `samples` times evenly through the run and once after both inputs ended.
 */
export function scaleRun(join: 'interval' | 'temporal', total: number, p: JoinParams, shape: (events: number, seed: number) => WorkloadSpec, samples = 5): { outputs: number; heap: HeapSample[] } {
  if (gc === undefined) throw new Error('bench:joins needs node --expose-gc for the heap samples');
  const l = new Subject<Event>();
  const r = new Subject<Event>();
  let metrics: { readonly buffered: number } = { buffered: 0 };
  const onMetrics = (m: Readonly<IntervalJoinMetrics> | Readonly<TemporalJoinMetrics>) => void (metrics = m);
  const stamp = assignEventTime((e: Event) => e.t, { watermark: p.outOfOrderness, emitWatermark: 'perElement' });
  const joined$ =
    join === 'interval'
      ? l.pipe(stamp, intervalJoin(r.pipe(stamp), { key: (e: Event) => e.key, otherKey: (e: Event) => e.key, lowerBound: p.lowerBound, upperBound: p.upperBound, join: (a, b) => a.amount * b.amount, onMetrics }))
      : l.pipe(stamp, temporalJoin(r.pipe(stamp), { key: (e: Event) => e.key, tableKey: (e: Event) => e.key, missing: 'emit-undefined', join: (a, v) => a.amount * (v === undefined ? 0 : v.amount), onMetrics }));
  let outputs = 0;
  const sub = joined$.subscribe((rec: EventTimeRecord<number>) => {
    if (rec.kind === 'element') outputs++;
  });
  const perSide = Math.floor(total / 2);
  const left = events(shape(perSide, 21));
  const right = events(shape(perSide, 22));
  const heap: HeapSample[] = [{ fed: 0, heapMb: heapMb(), buffered: 0 }];
  const every = Math.ceil(perSide / samples);
  for (let i = 1; i <= perSide; i++) {
    l.next(left.next().value as Event);
    r.next(right.next().value as Event);
    if (i % every === 0 || i === perSide) heap.push({ fed: 2 * i, heapMb: heapMb(), buffered: metrics.buffered });
  }
  l.complete();
  r.complete();
  heap.push({ fed: 2 * perSide, heapMb: heapMb(), buffered: metrics.buffered });
  sub.unsubscribe();
  return { outputs, heap };
}
