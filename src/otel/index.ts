/**
 * `rxjs-event-time/otel`: the groupings' metrics in OpenTelemetry. {@link otelMetrics} turns a `Meter`
 * into a metrics sink for `combinePerKey`, `groupByKey` and `coGroupByKey`: counters of elements
 * received, dropped (by reason) and panes emitted, and gauges of open windows, watermarks and the
 * watermark lag. `@opentelemetry/api` is an optional peer dependency: only this entry needs it.
 *
 * @example
 * import { metrics } from '@opentelemetry/api';
 * import { otelMetrics } from 'rxjs-event-time/otel';
 * const telemetry = otelMetrics(metrics.getMeter('checkout'));
 *
 * @module
 */
export { otelMetrics, type OtelMetricsOptions, type OtelMetricsSink } from './otelMetrics.js';
export { METRIC_NAMES } from './instruments.js';
