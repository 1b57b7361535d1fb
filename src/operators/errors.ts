import { describeValue } from '../time.js';

/**
 * Errors this package raised itself (a rule it enforces, or user code it called). An operator that
 * receives one from upstream forwards it unchanged, so the message keeps naming the operator where the
 * failure happened instead of growing a prefix per operator.
 */
const raised = new WeakSet<object>();

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : describeValue(e);
}

function mark<E extends Error>(e: E): E {
  raised.add(e);
  return e;
}

/**
 * True for an error that an operator of this package created (a broken rule, or user code that threw,
 * with the original as `cause`), as opposed to an error passed through from a source.
 *
 * @example panes$.subscribe({ error: (e) => (isOperatorError(e) ? reportBug(e) : reconnect()) })
 *
 * @category Operators
 */
export function isOperatorError(e: unknown): e is Error {
  return typeof e === 'object' && e !== null && raised.has(e);
}

/** Wraps an error thrown by user code or a rule so its message names the operator. */
export function operatorError(op: string, e: unknown): Error {
  if (isOperatorError(e)) return e;
  if (e instanceof Error) {
    if (e.message.startsWith(`${op}: `)) return mark(e);
    const Ctor = e instanceof TypeError ? TypeError : e instanceof RangeError ? RangeError : Error;
    return mark(new Ctor(`${op}: ${e.message}`, { cause: e }));
  }
  return mark(new Error(`${op}: ${String(e)}`, { cause: e }));
}

/**
 * The error for a user callback that threw: `combinePerKey: the key function threw for "x": boom`,
 * with the original error as `cause`.
 */
export function userCodeError(op: string, what: string, e: unknown): Error {
  return mark(new Error(`${op}: ${what}: ${messageOf(e)}`, { cause: e }));
}

/** A bad value met at run time: `TypeError` naming operator, rule and value. */
export function invalidValueError(op: string, rule: string): TypeError {
  return mark(new TypeError(`${op}: ${rule}`));
}

/**
 * The error an operator forwards when its source errors: the upstream error as `cause`, its message
 * prefixed with the operator, unless an operator upstream already named itself.
 */
export function sourceError(op: string, e: unknown): unknown {
  if (isOperatorError(e)) return e;
  return mark(new Error(`${op}: the source errored: ${messageOf(e)}`, { cause: e }));
}

/** Pushes an item to a user's sink; a throw becomes an error naming the operator and the sink, the original as `cause`. */
export function pushToUserSink<T>(op: string, what: string, sink: { next(item: T): void }, item: T): void {
  try {
    sink.next(item);
  } catch (e) {
    throw userCodeError(op, what, e);
  }
}

/** Calls a user callback; a throw becomes an error naming the operator and the callback, the original as `cause`. */
export function callUserCode<A, B>(op: string, what: string, f: (a: A, b: B) => void, a: A, b: B): void {
  try {
    f(a, b);
  } catch (e) {
    throw userCodeError(op, what, e);
  }
}
