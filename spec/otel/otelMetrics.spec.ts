import type { Attributes } from '@opentelemetry/api';
import { MeterProvider, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { from, repeat, Subject, type Observable, type SchedulerLike } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import {
  afterCount,
  assignEventTime,
  Combine,
  combinePerKey,
  fixedWindow,
  groupByKey,
  slidingWindow,
  triggering,
  type GroupingMetrics,
  type Pane,
} from '../../src/index';
import { METRIC_NAMES, otelMetrics, type OtelMetricsSink } from '../../src/otel/index';
import { eventTimeMarbles } from '../../src/testing/index';

/** A reader collected by hand: no export timer runs in these specs. */
class ManualReader extends MetricReader {
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

/** The processing-time clock the lag is measured by, set by each spec. */
class Clock {
  time = 0;
  readonly scheduler = { now: () => this.time, schedule: () => { throw new Error('the clock only tells the time'); } } as unknown as SchedulerLike;
}

const setup = (attributes?: Attributes) => {
  const reader = new ManualReader();
  const provider = new MeterProvider({ readers: [reader] });
  const clock = new Clock();
  const telemetry = otelMetrics(provider.getMeter('spec'), { scheduler: clock.scheduler, ...(attributes === undefined ? {} : { attributes }) });
  return { reader, telemetry, clock };
};

/** Every data point of `name` in a collection, as `[attributes, value]`, in a stable order. */
const pointsOf = (rm: ResourceMetrics, name: string): [Attributes, number][] => {
  const metric = rm.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === name);
  if (metric === undefined) return [];
  return metric.dataPoints
    .map((p): [Attributes, number] => [p.attributes, p.value as number])
    .sort(([a], [b]) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
};

const collect = async (reader: MetricReader) => {
  const { resourceMetrics, errors } = await reader.collect();
  expect(errors).toEqual([]);
  return resourceMetrics;
};

const byReason = (a: Attributes, late: number, closed: number, noWindow: number, bad: number): [Attributes, number][] =>
  (
    [
      [{ ...a, reason: 'bad-record' }, bad],
      [{ ...a, reason: 'beyond-allowed-lateness' }, late],
      [{ ...a, reason: 'no-window' }, noWindow],
      [{ ...a, reason: 'window-closed' }, closed],
    ] as [Attributes, number][]
  ).sort(([x], [y]) => JSON.stringify(x).localeCompare(JSON.stringify(y)));

const testScheduler = () => new TestScheduler((a, e) => expect(a).toEqual(e));
const VALUES = { a: ['a', '10s'], b: ['b', '30s'], c: ['c', '130s'] } as const;

/** Runs `pipeline` over `diagram` under virtual time and drops the panes. */
const run = (diagram: string, pipeline: (events$: Observable<never>) => Observable<unknown>[]) => {
  testScheduler().run(({ cold }) => {
    const events$ = cold(...eventTimeMarbles<string>(diagram, VALUES)) as unknown as Observable<never>;
    for (const out$ of pipeline(events$)) out$.subscribe();
  });
};

describe('otelMetrics: grouping metrics in OpenTelemetry instruments', () => {
  it('counts elements, panes and drops by reason, and reads the gauges from the last snapshot', async () => {
    const { reader, telemetry, clock } = setup({ pipeline: 'spend' });
    // Two elements in [0s, 1m), the watermark to 2m (its pane), b late beyond the lateness, c open in [2m, 3m).
    run('a a (W:2m) b (W:2m) c', (e$) => [e$.pipe(fixedWindow(60_000), combinePerKey(() => 'k', Combine.count<string>(), { metrics: telemetry }))]);
    clock.time = 200_000;
    const rm = await collect(reader);
    const a = { pipeline: 'spend', operator: 'combinePerKey' };
    expect(pointsOf(rm, METRIC_NAMES.elementsReceived)).toEqual([[a, 4]]);
    expect(pointsOf(rm, METRIC_NAMES.panesEmitted)).toEqual([[a, 1]]);
    expect(pointsOf(rm, METRIC_NAMES.elementsDropped)).toEqual(byReason(a, 1, 0, 0, 0));
    expect(pointsOf(rm, METRIC_NAMES.windowsOpen)).toEqual([[a, 1]]);
    expect(pointsOf(rm, METRIC_NAMES.inputWatermark)).toEqual([[a, 120]]);
    // c's window holds the output watermark at its element's time; the input watermark is lower still.
    expect(pointsOf(rm, METRIC_NAMES.outputWatermark)).toEqual([[a, 120]]);
    expect(pointsOf(rm, METRIC_NAMES.watermarkLag)).toEqual([[a, 80]]);

    // The gauges are read at each collection: a later clock gives a larger lag, the counters stay.
    clock.time = 260_500;
    const later = await collect(reader);
    expect(pointsOf(later, METRIC_NAMES.watermarkLag)).toEqual([[a, 140.5]]);
    expect(pointsOf(later, METRIC_NAMES.elementsReceived)).toEqual([[a, 4]]);
  });

  it('describes each instrument with its unit', async () => {
    const { reader, telemetry } = setup();
    run('a (W:1m)', (e$) => [e$.pipe(fixedWindow(60_000), groupByKey(() => 'k', { metrics: telemetry }))]);
    const rm = await collect(reader);
    const units = Object.fromEntries(rm.scopeMetrics.flatMap((s) => s.metrics).map((m) => [m.descriptor.name, m.descriptor.unit]));
    expect(units).toEqual({
      'rxjs_event_time.elements.received': '{element}',
      'rxjs_event_time.elements.dropped': '{element}',
      'rxjs_event_time.panes.emitted': '{pane}',
      'rxjs_event_time.windows.open': '{window}',
      'rxjs_event_time.watermark.input': 's',
      'rxjs_event_time.watermark.output': 's',
      'rxjs_event_time.watermark.lag': 's',
    });
  });

  it('at the end of input: no watermark points, a lag of zero, no open windows', async () => {
    const { reader, telemetry, clock } = setup();
    run('a a (W:2m) b (W:2m) c |', (e$) => [e$.pipe(fixedWindow(60_000), combinePerKey(() => 'k', Combine.count<string>(), { metrics: telemetry }))]);
    clock.time = 1_000_000;
    const rm = await collect(reader);
    const a = { operator: 'combinePerKey' };
    expect(pointsOf(rm, METRIC_NAMES.elementsReceived)).toEqual([[a, 4]]);
    expect(pointsOf(rm, METRIC_NAMES.panesEmitted)).toEqual([[a, 2]]);
    expect(pointsOf(rm, METRIC_NAMES.windowsOpen)).toEqual([[a, 0]]);
    expect(pointsOf(rm, METRIC_NAMES.inputWatermark)).toEqual([]);
    expect(pointsOf(rm, METRIC_NAMES.outputWatermark)).toEqual([]);
    expect(pointsOf(rm, METRIC_NAMES.watermarkLag)).toEqual([[a, 0]]);
  });

  it('before any watermark: counters and open windows, no watermark or lag points', async () => {
    const { reader, telemetry, clock } = setup();
    run('a', (e$) => [e$.pipe(fixedWindow(60_000), combinePerKey(() => 'k', Combine.count<string>(), { metrics: telemetry }))]);
    clock.time = 5_000;
    const rm = await collect(reader);
    const a = { operator: 'combinePerKey' };
    expect(pointsOf(rm, METRIC_NAMES.elementsReceived)).toEqual([[a, 1]]);
    expect(pointsOf(rm, METRIC_NAMES.windowsOpen)).toEqual([[a, 1]]);
    expect(pointsOf(rm, METRIC_NAMES.inputWatermark)).toEqual([]);
    expect(pointsOf(rm, METRIC_NAMES.watermarkLag)).toEqual([]);
  });

  it("counts closed windows, elements without a window and bad records under their reasons", async () => {
    const { reader, telemetry } = setup();
    run('a a |', (e$) => [
      // afterCount(1) without repeating closes [0s, 1m) at the first element: the second is 'window-closed'.
      e$.pipe(fixedWindow(60_000), triggering(afterCount(1), { accumulation: 'discarding' }), groupByKey(() => 'k', { metrics: telemetry.with({ step: 'closed' }) })),
      // 10s falls in the gap between sliding windows of 5s every 60s: 'no-window'.
      e$.pipe(slidingWindow(5_000, 60_000), groupByKey(() => 'k', { metrics: telemetry.with({ step: 'gap' }) })),
      // A key function that throws under onError 'route': 'bad-record'.
      e$.pipe(
        fixedWindow(60_000),
        groupByKey(
          () => {
            throw new Error('no key');
          },
          { onError: 'route', deadLetters: new Subject(), metrics: telemetry.with({ step: 'bad' }) },
        ),
      ),
    ]);
    const rm = await collect(reader);
    const closed = { step: 'closed', operator: 'groupByKey' };
    const gap = { step: 'gap', operator: 'groupByKey' };
    const bad = { step: 'bad', operator: 'groupByKey' };
    expect(pointsOf(rm, METRIC_NAMES.elementsDropped)).toEqual(
      [...byReason(closed, 0, 1, 0, 0), ...byReason(gap, 0, 0, 2, 0), ...byReason(bad, 0, 0, 0, 2)].sort(([x], [y]) => JSON.stringify(x).localeCompare(JSON.stringify(y))),
    );
    expect(pointsOf(rm, METRIC_NAMES.elementsReceived)).toEqual([
      [bad, 0],
      [closed, 2],
      [gap, 2],
    ]);
  });

  it('two groupings report separate series: by operator name, and by the attributes of with()', async () => {
    const { reader, telemetry, clock } = setup();
    run('a a (W:2m) b (W:2m) c', (e$) => [
      e$.pipe(fixedWindow(60_000), combinePerKey(() => 'k', Combine.count<string>(), { metrics: telemetry })),
      e$.pipe(fixedWindow(120_000), groupByKey((v: string) => v, { metrics: telemetry })),
      e$.pipe(fixedWindow(60_000), combinePerKey((v: string) => v, Combine.count<string>(), { metrics: telemetry.with({ step: 'per-value' }) })),
    ]);
    clock.time = 150_000;
    const rm = await collect(reader);
    const count = { operator: 'combinePerKey' };
    const group = { operator: 'groupByKey' };
    const perValue = { step: 'per-value', operator: 'combinePerKey' };
    // In two-minute windows too, the watermark at 2m closes the first window before b arrives.
    expect(pointsOf(rm, METRIC_NAMES.elementsReceived)).toEqual([
      [count, 4],
      [group, 4],
      [perValue, 4],
    ]);
    expect(pointsOf(rm, METRIC_NAMES.panesEmitted)).toEqual([
      [count, 1],
      [group, 1],
      [perValue, 1],
    ]);
    expect(pointsOf(rm, METRIC_NAMES.elementsDropped).filter(([, v]) => v > 0)).toEqual([
      [{ ...count, reason: 'beyond-allowed-lateness' }, 1],
      [{ ...group, reason: 'beyond-allowed-lateness' }, 1],
      [{ ...perValue, reason: 'beyond-allowed-lateness' }, 1],
    ]);
    expect(pointsOf(rm, METRIC_NAMES.windowsOpen)).toEqual([
      [count, 1],
      [group, 1],
      [perValue, 1],
    ]);
    expect(pointsOf(rm, METRIC_NAMES.watermarkLag)).toEqual([
      [count, 30],
      [group, 30],
      [perValue, 30],
    ]);
  });

  it('adds up two subscriptions of one grouping at the same time, each counted from its own totals', async () => {
    const { reader, telemetry } = setup();
    run('a a (W:2m) b (W:2m) c |', (e$) => {
      const panes$ = e$.pipe(fixedWindow(60_000), combinePerKey(() => 'k', Combine.count<string>(), { metrics: telemetry }));
      return [panes$, panes$];
    });
    const rm = await collect(reader);
    const a = { operator: 'combinePerKey' };
    expect(pointsOf(rm, METRIC_NAMES.elementsReceived)).toEqual([[a, 8]]);
    expect(pointsOf(rm, METRIC_NAMES.panesEmitted)).toEqual([[a, 4]]);
    expect(pointsOf(rm, METRIC_NAMES.elementsDropped)).toEqual(byReason(a, 2, 0, 0, 0));
  });

  it('through a Subject (no source): a resubscription starts from zero again and is added', async () => {
    const { reader, telemetry } = setup();
    const metrics = new Subject<GroupingMetrics>();
    metrics.subscribe(telemetry);
    const panes: Pane<number, string>[] = [];
    from([1_000, 2_000, 70_000])
      .pipe(assignEventTime((t: number) => t), fixedWindow(60_000), combinePerKey(() => 'k', Combine.count<number>(), { metrics }), repeat(2))
      .subscribe((p) => panes.push(p));
    expect(panes.map((p) => p.value)).toEqual([2, 1, 2, 1]);
    const rm = await collect(reader);
    const a = { operator: 'combinePerKey' };
    expect(pointsOf(rm, METRIC_NAMES.elementsReceived)).toEqual([[a, 6]]);
    expect(pointsOf(rm, METRIC_NAMES.panesEmitted)).toEqual([[a, 4]]);
  });

  it('close() stops recording and removes the gauges', async () => {
    const { reader, telemetry, clock } = setup();
    const child: OtelMetricsSink = telemetry.with({ step: 'x' });
    run('a', (e$) => [e$.pipe(fixedWindow(60_000), combinePerKey(() => 'k', Combine.count<string>(), { metrics: child }))]);
    telemetry.close();
    run('a', (e$) => [e$.pipe(fixedWindow(60_000), combinePerKey(() => 'k', Combine.count<string>(), { metrics: child }))]);
    clock.time = 1;
    const rm = await collect(reader);
    expect(pointsOf(rm, METRIC_NAMES.elementsReceived)).toEqual([[{ step: 'x', operator: 'combinePerKey' }, 1]]);
    expect(pointsOf(rm, METRIC_NAMES.windowsOpen)).toEqual([]);
  });

  it.each([
    [() => otelMetrics(undefined as never), 'otelMetrics: meter must be an OpenTelemetry Meter (with createCounter, createObservableGauge and addBatchObservableCallback), got undefined'],
    [() => otelMetrics(new MeterProvider().getMeter('x'), { attributes: [] as never }), 'otelMetrics: attributes must be an object of OpenTelemetry attributes, got an array of length 0'],
    [() => otelMetrics(new MeterProvider().getMeter('x'), { attributes: { operator: 'mine' } }), "otelMetrics: attributes must not set 'operator', the adapter's own attribute (use another name, such as 'step')"],
    [() => otelMetrics(new MeterProvider().getMeter('x'), { attributes: { n: Number.NaN } }), 'otelMetrics: attributes.n must be a string, a finite number, a boolean or an array of those, got NaN'],
    [() => otelMetrics(new MeterProvider().getMeter('x')).with({ reason: 'x' }), "otelMetrics: with: attributes must not set 'reason', the adapter's own attribute (use another name, such as 'step')"],
    [() => otelMetrics(new MeterProvider().getMeter('x'), { scheduler: 5 as never }), 'otelMetrics: scheduler must be an RxJS scheduler with now() and schedule(), got 5'],
  ])('refuses bad arguments with a TypeError naming the rule (%#)', (build, message) => {
    expect(build).toThrow(new TypeError(message));
  });
});
