import { ValueType, type Counter, type Meter, type ObservableGauge } from '@opentelemetry/api';

/**
 * The names of the instruments {@link otelMetrics} creates, for views and dashboards. They follow the
 * OpenTelemetry semantic-convention style: a namespace, then what is counted, then what happened to it
 * (no name is also a namespace of another). A Prometheus exporter shows them with underscores and, for
 * the counters, a `_total` suffix (`rxjs_event_time_elements_received_total`).
 *
 * @example
 * new MeterProvider({ views: [{ instrumentName: METRIC_NAMES.watermarkLag, aggregation: { type: AggregationType.LAST_VALUE } }] });
 *
 * @category OpenTelemetry
 */
export const METRIC_NAMES = {
  /** Counter: element-window pairs a grouping received (an element without a window counts once). */
  elementsReceived: 'rxjs_event_time.elements.received',
  /** Counter: input that reached no pane, with attribute `reason`. */
  elementsDropped: 'rxjs_event_time.elements.dropped',
  /** Counter: panes a grouping emitted. */
  panesEmitted: 'rxjs_event_time.panes.emitted',
  /** Gauge: (key, window) pairs holding state. */
  windowsOpen: 'rxjs_event_time.windows.open',
  /** Gauge: the grouping's input watermark, in seconds since the epoch. */
  inputWatermark: 'rxjs_event_time.watermark.input',
  /** Gauge: the grouping's output watermark, in seconds since the epoch. */
  outputWatermark: 'rxjs_event_time.watermark.output',
  /** Gauge: processing time minus the output watermark, in seconds. */
  watermarkLag: 'rxjs_event_time.watermark.lag',
} as const;

/** The instruments of one adapter: three counters, and four gauges read by one batch callback. */
export interface Instruments {
  readonly received: Counter;
  readonly dropped: Counter;
  readonly panes: Counter;
  readonly windowsOpen: ObservableGauge;
  readonly inputWatermark: ObservableGauge;
  readonly outputWatermark: ObservableGauge;
  readonly watermarkLag: ObservableGauge;
}

/** Creates the instruments on `meter`; a meter that already has them gives the same ones back. */
export function createInstruments(meter: Meter): Instruments {
  const int = ValueType.INT;
  const seconds = { unit: 's', valueType: ValueType.DOUBLE };
  return {
    received: meter.createCounter(METRIC_NAMES.elementsReceived, {
      description: 'Element-window pairs a grouping received; an element the window function gave no window counts once.',
      unit: '{element}',
      valueType: int,
    }),
    dropped: meter.createCounter(METRIC_NAMES.elementsDropped, {
      description: 'Input that reached no pane: beyond allowed lateness, for a closed window, without a window, or refused as a bad record.',
      unit: '{element}',
      valueType: int,
    }),
    panes: meter.createCounter(METRIC_NAMES.panesEmitted, { description: 'Panes a grouping emitted.', unit: '{pane}', valueType: int }),
    windowsOpen: meter.createObservableGauge(METRIC_NAMES.windowsOpen, { description: '(Key, window) pairs holding state.', unit: '{window}', valueType: int }),
    inputWatermark: meter.createObservableGauge(METRIC_NAMES.inputWatermark, { description: "The grouping's input watermark (event time).", ...seconds }),
    outputWatermark: meter.createObservableGauge(METRIC_NAMES.outputWatermark, { description: "The grouping's output watermark (event time).", ...seconds }),
    watermarkLag: meter.createObservableGauge(METRIC_NAMES.watermarkLag, {
      description: "Processing time minus the grouping's output watermark: how far the results are behind the clock.",
      ...seconds,
    }),
  };
}
