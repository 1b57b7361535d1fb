import { requireOptions } from '../internal/checks.js';
import { describeValue } from '../time.js';
import type { DeadLetterSink } from './deadLetters.js';

/**
 * Throws, when the operator is built, unless `onError` is `'fail'`, `'route'` or absent, and unless
 * `'route'` comes with a `deadLetters` sink to route to (a routed record must go somewhere).
 */
export function requireOnError(op: string, options: { readonly onError?: unknown; readonly deadLetters?: DeadLetterSink<never> | undefined }): void {
  const onError = requireOptions(op, options).onError;
  if (onError === undefined || onError === 'fail') return;
  if (onError !== 'route') throw new RangeError(`${op}: onError must be 'fail' or 'route', got ${describeValue(onError)}`);
  const sink = options.deadLetters as { next?: unknown } | undefined;
  if (typeof sink !== 'object' || sink === null || typeof sink.next !== 'function') {
    throw new TypeError(`${op}: onError 'route' needs a deadLetters sink with next(), got ${describeValue(sink)}`);
  }
}
