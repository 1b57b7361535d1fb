import type { Attributes, AttributeValue, BatchObservableCallback, Meter, Observable as OtelObservable } from '@opentelemetry/api';
import { asyncScheduler, type SchedulerLike } from 'rxjs';
import { isFiniteNumber, requireOptionalScheduler, requireOptions } from '../internal/checks.js';
import type { GroupingMetrics, MetricsSink } from '../operators/deadLetters.js';
import { MAX_TIMESTAMP, MIN_TIMESTAMP, describeValue } from '../time.js';
import { createInstruments, type Instruments } from './instruments.js';

/**
 * Options of {@link otelMetrics}.
 *
 * @category OpenTelemetry
 */
export interface OtelMetricsOptions {
  /** Added to every series (a pipeline name, a tenant); `operator` and `reason` are the adapter's own. */
  readonly attributes?: Attributes | undefined;
  /** The clock of the watermark lag: the same scheduler as the pipeline's. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike | undefined;
}

/**
 * A metrics sink that records into OpenTelemetry instruments: pass it as `metrics` to any number of
 * groupings.
 *
 * @category OpenTelemetry
 */
export interface OtelMetricsSink extends MetricsSink {
  /**
   * A sink on the same instruments whose series carry `attributes` too: what tells apart two groupings
   * of one kind (two `combinePerKey` steps) in one pipeline.
   */
  with(attributes: Attributes): OtelMetricsSink;
  /** Stops reading the gauges and recording: later snapshots are ignored. For every sink made by `with` too. */
  close(): void;
}

/** The drop counters of a snapshot, with the `reason` each is recorded under. */
const REASONS = [
  ['droppedLate', 'beyond-allowed-lateness'],
  ['droppedClosed', 'window-closed'],
  ['droppedNoWindow', 'no-window'],
  ['badRecords', 'bad-record'],
] as const;

/** One attribute set: the gauges' last snapshot, and the attribute sets of its counters, built once. */
interface Series {
  readonly attributes: Attributes;
  readonly byReason: readonly Attributes[];
  last: GroupingMetrics | undefined;
}

/** The totals already recorded for one subscription of one grouping. */
interface Recorded {
  readonly series: Series;
  elementsIn: number;
  panesOut: number;
  droppedLate: number;
  droppedClosed: number;
  droppedNoWindow: number;
  badRecords: number;
}

/** What the sinks of one `otelMetrics` call share. */
interface Shared {
  readonly instruments: Instruments;
  readonly series: Map<string, Series>;
  closed: boolean;
}

const OP = 'otelMetrics';

/**
 * Records the {@link GroupingMetrics} of groupings (`combinePerKey`, `groupByKey`, `coGroupByKey`) in
 * OpenTelemetry instruments on `meter`: counters of elements received, elements dropped (by `reason`)
 * and panes emitted, and gauges of open windows, the input and output watermarks and the watermark lag,
 * each series with the grouping's name as attribute `operator`. Flink reports the same as operator
 * metrics (`numRecordsIn`, `numLateRecordsDropped`, `currentOutputWatermark`); Beam as step counters.
 *
 * Snapshots carry totals; the counters add what changed since the previous snapshot of the same
 * subscription, so one sink serves any number of groupings and resubscriptions. The gauges report, at
 * each collection, the latest snapshot of each series. See {@link METRIC_NAMES} for the names.
 *
 * @param meter - The OpenTelemetry `Meter` to create the instruments on (`metrics.getMeter('my-app')`).
 * @param options - `attributes` for every series, and the `scheduler` whose clock the lag is measured by.
 *
 * @example
 * const telemetry = otelMetrics(metrics.getMeter('checkout'), { attributes: { pipeline: 'spend' } });
 * events$.pipe(
 *   assignEventTime((e) => e.t),
 *   fixedWindow(60_000),
 *   combinePerKey((e) => e.user, Combine.sum((e) => e.amount), { metrics: telemetry }),
 * );
 *
 * @category OpenTelemetry
 */
export function otelMetrics(meter: Meter, options: OtelMetricsOptions = {}): OtelMetricsSink {
  const m = meter as Partial<Meter> | null;
  if (typeof m !== 'object' || m === null || typeof m.createCounter !== 'function' || typeof m.createObservableGauge !== 'function' || typeof m.addBatchObservableCallback !== 'function') {
    throw new TypeError(`${OP}: meter must be an OpenTelemetry Meter (with createCounter, createObservableGauge and addBatchObservableCallback), got ${describeValue(meter)}`);
  }
  requireOptions(OP, options);
  requireOptionalScheduler(OP, 'scheduler', options.scheduler);
  const attributes = requireAttributes('attributes', options.attributes ?? {});
  const scheduler = options.scheduler ?? asyncScheduler;
  const instruments = createInstruments(meter);
  const shared: Shared = { instruments, series: new Map(), closed: false };
  const { windowsOpen, inputWatermark, outputWatermark, watermarkLag } = instruments;
  const gauges: OtelObservable[] = [windowsOpen, inputWatermark, outputWatermark, watermarkLag];
  const observe: BatchObservableCallback = (result) => {
    const now = scheduler.now();
    for (const { attributes: a, last } of shared.series.values()) {
      if (last === undefined) continue;
      result.observe(windowsOpen, last.openWindows, a);
      // No watermark yet, or past the end of input: no point, rather than ±8.64e12 s on a dashboard.
      if (isKnown(last.inputWatermark)) result.observe(inputWatermark, last.inputWatermark / 1000, a);
      if (isKnown(last.outputWatermark)) {
        result.observe(outputWatermark, last.outputWatermark / 1000, a);
        result.observe(watermarkLag, (now - last.outputWatermark) / 1000, a);
      } else if (last.outputWatermark === MAX_TIMESTAMP) {
        result.observe(watermarkLag, 0, a);
      }
    }
  };
  meter.addBatchObservableCallback(observe, gauges);
  const close = () => {
    if (shared.closed) return;
    shared.closed = true;
    shared.series.clear();
    meter.removeBatchObservableCallback(observe, gauges);
  };
  return sinkWith(shared, attributes, close);
}

/** A sink of `shared` whose series carry `attributes`. */
function sinkWith(shared: Shared, attributes: Attributes, close: () => void): OtelMetricsSink {
  const { received, dropped, panes } = shared.instruments;
  const bySource = new WeakMap<object, Recorded>();
  // Snapshots that came without their source (through a Subject): one run per operator name, and
  // totals that go down mean a new subscription.
  const byOperator = new Map<string, Recorded>();
  const seriesOf = new Map<string, Series>();

  const series = (operator: string): Series => {
    let s = seriesOf.get(operator);
    if (s === undefined) {
      const a: Attributes = { ...attributes, operator };
      const key = attributeKey(a);
      s = shared.series.get(key);
      if (s === undefined) {
        s = { attributes: a, byReason: REASONS.map(([, reason]) => ({ ...a, reason })), last: undefined };
        shared.series.set(key, s);
        // Every series starts at zero, so that a rate or an alert on it has data before the first drop.
        received.add(0, a);
        panes.add(0, a);
        for (const r of s.byReason) dropped.add(0, r);
      }
      seriesOf.set(operator, s);
    }
    return s;
  };
  const fresh = (operator: string): Recorded => ({
    series: series(operator),
    elementsIn: 0,
    panesOut: 0,
    droppedLate: 0,
    droppedClosed: 0,
    droppedNoWindow: 0,
    badRecords: 0,
  });

  return {
    next(snapshot: GroupingMetrics, source?: object): void {
      if (shared.closed) return;
      let r: Recorded | undefined;
      if (source !== undefined) {
        r = bySource.get(source);
        if (r === undefined) bySource.set(source, (r = fresh(snapshot.operator)));
      } else {
        r = byOperator.get(snapshot.operator);
        if (r === undefined || wentDown(r, snapshot)) byOperator.set(snapshot.operator, (r = fresh(snapshot.operator)));
      }
      const s = r.series;
      if (snapshot.elementsIn > r.elementsIn) received.add(snapshot.elementsIn - r.elementsIn, s.attributes);
      if (snapshot.panesOut > r.panesOut) panes.add(snapshot.panesOut - r.panesOut, s.attributes);
      for (let i = 0; i < REASONS.length; i++) {
        const field = REASONS[i]![0];
        if (snapshot[field] > r[field]) dropped.add(snapshot[field] - r[field], s.byReason[i]);
      }
      r.elementsIn = snapshot.elementsIn;
      r.panesOut = snapshot.panesOut;
      r.droppedLate = snapshot.droppedLate;
      r.droppedClosed = snapshot.droppedClosed;
      r.droppedNoWindow = snapshot.droppedNoWindow;
      r.badRecords = snapshot.badRecords;
      s.last = snapshot;
    },
    with(more: Attributes): OtelMetricsSink {
      return sinkWith(shared, { ...attributes, ...requireAttributes('with: attributes', more) }, close);
    },
    close,
  };
}

const isKnown = (t: number) => t > MIN_TIMESTAMP && t < MAX_TIMESTAMP;

function wentDown(r: Recorded, m: GroupingMetrics): boolean {
  return (
    m.elementsIn < r.elementsIn ||
    m.panesOut < r.panesOut ||
    m.droppedLate < r.droppedLate ||
    m.droppedClosed < r.droppedClosed ||
    m.droppedNoWindow < r.droppedNoWindow ||
    m.badRecords < r.badRecords
  );
}

/** One string per attribute set, whatever the order its keys were given in. */
function attributeKey(a: Attributes): string {
  return JSON.stringify(Object.keys(a).sort().map((k) => [k, a[k]]));
}

const isAttributeScalar = (v: unknown) => typeof v === 'string' || typeof v === 'boolean' || isFiniteNumber(v);

/** Attributes as OpenTelemetry takes them: strings, finite numbers, booleans or arrays of those; `operator` and `reason` are the adapter's. */
function requireAttributes(name: string, value: unknown): Attributes {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${OP}: ${name} must be an object of OpenTelemetry attributes, got ${describeValue(value)}`);
  }
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (key === 'operator' || key === 'reason') {
      throw new TypeError(`${OP}: ${name} must not set '${key}', the adapter's own attribute (use another name, such as 'step')`);
    }
    const ok = isAttributeScalar(v) || (Array.isArray(v) && v.every((x) => x === null || x === undefined || isAttributeScalar(x)));
    if (!ok) {
      throw new TypeError(`${OP}: ${name}.${key} must be a string, a finite number, a boolean or an array of those, got ${describeValue(v)}`);
    }
  }
  return { ...(value as Record<string, AttributeValue>) };
}
