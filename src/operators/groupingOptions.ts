import { requireOptionalFunction, requireOptionalScheduler, requireOptionalSink, requireOptionalString, requireOptions } from '../internal/checks.js';
import type { GroupingOptions } from './grouping.js';
import { requireOnError } from './onError.js';

/**
 * Checks the options every grouping operator takes, when the operator is built: a scheduler that is
 * not one, or a callback that is not a function, would otherwise fail at the first element or timer,
 * far from the mistake.
 */
export function requireGroupingOptions<In>(op: string, options: GroupingOptions<In> | undefined): GroupingOptions<In> {
  const o = requireOptions(op, options);
  requireOptionalScheduler(op, 'scheduler', o.scheduler);
  requireOptionalFunction(op, 'onDropped', o.onDropped);
  requireOptionalSink(op, 'deadLetters', o.deadLetters);
  requireOptionalSink(op, 'metrics', o.metrics);
  requireOptionalFunction(op, 'onMetrics', o.onMetrics);
  requireOptionalFunction(op, 'onFiring', o.onFiring);
  requireOptionalString(op, 'uid', o.uid);
  requireOnError(op, o);
  return o;
}
