/**
 * Argument checks shared by every factory and operator, so that a bad option reads the same wherever
 * it is given: `fixedWindow: size must be a positive finite number of ms, got -5`. Each throws a
 * `TypeError` (wrong kind of value) or `RangeError` (right kind, wrong value) naming the operator, the
 * option and the value.
 */
import type { SchedulerLike } from 'rxjs';
import { describeValue, isValidTimestamp } from '../time.js';
import type { WindowFn } from '../windows/windowFn.js';

/**
 * True when `value` is a finite number: the test behind every "must be a finite number" message, also
 * for values checked at run time (a combiner's input, a record's field).
 */
export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Throws unless `value` is a positive finite number of ms (a size, period or gap). */
export function requirePositiveDuration(op: string, name: string, value: unknown): asserts value is number {
  if (!isFiniteNumber(value) || value <= 0) {
    throw new RangeError(`${op}: ${name} must be a positive finite number of ms, got ${describeValue(value)}`);
  }
}

/** Throws unless `offset` is a finite number in `[0, limit)` (a window offset within its size or period). */
export function requireOffset(op: string, offset: unknown, limitName: string, limit: number): asserts offset is number {
  if (!isFiniteNumber(offset) || offset < 0 || offset >= limit) {
    throw new RangeError(`${op}: offset must be a finite number of ms in [0, ${limitName}), got ${describeValue(offset)}`);
  }
}

/** Throws unless `value` is a non-negative finite number (a delay or lateness in ms). */
export function requireNonNegativeDuration(op: string, name: string, value: unknown): asserts value is number {
  if (!isFiniteNumber(value) || value < 0) {
    throw new RangeError(`${op}: ${name} must be a non-negative finite number of ms, got ${describeValue(value)}`);
  }
}

/** Throws unless `value` is a finite number of ms (an offset, which may be negative). */
export function requireFiniteMs(op: string, name: string, value: unknown): asserts value is number {
  if (!isFiniteNumber(value)) {
    throw new RangeError(`${op}: ${name} must be a finite number of ms, got ${describeValue(value)}`);
  }
}

/** Throws unless `value` is a positive finite number of `unit` (a size in px, for example). */
export function requirePositiveNumber(op: string, name: string, value: unknown, unit: string): asserts value is number {
  if (!isFiniteNumber(value) || value <= 0) {
    throw new RangeError(`${op}: ${name} must be a positive finite number of ${unit}, got ${describeValue(value)}`);
  }
}

/** Throws unless `value` is a positive integer (a count). */
export function requirePositiveInteger(op: string, name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${op}: ${name} must be a positive integer, got ${describeValue(value)}`);
  }
}

/** Throws unless `fn` is a function. */
export function requireFunction(op: string, name: string, fn: unknown): asserts fn is (...args: never[]) => unknown {
  if (typeof fn !== 'function') throw new TypeError(`${op}: ${name} must be a function, got ${describeValue(fn)}`);
}

/** Throws unless `fn` is a function or undefined (an optional callback). */
export function requireOptionalFunction(op: string, name: string, fn: unknown): void {
  if (fn !== undefined) requireFunction(op, name, fn);
}

/**
 * The options object of a factory: `undefined` stands for none, anything but an object is refused (a
 * `null` or a number would otherwise fail later as "Cannot read properties of null").
 */
export function requireOptions<O extends object>(op: string, options: O | undefined, name = 'options'): O {
  if (options === undefined) return {} as O;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`${op}: ${name} must be an object, got ${describeValue(options)}`);
  }
  return options;
}

/** Throws unless `value` is one of `allowed` (or undefined, when optional). */
export function requireOneOf(op: string, name: string, value: unknown, allowed: readonly string[]): void {
  if (value === undefined || allowed.includes(value as string)) return;
  const list = allowed.map((a) => `'${a}'`);
  const words = list.length === 2 ? list.join(' or ') : `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}`;
  throw new RangeError(`${op}: ${name} must be ${words}, got ${describeValue(value)}`);
}

/** Throws unless `value` is a boolean or undefined. */
export function requireOptionalBoolean(op: string, name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') throw new TypeError(`${op}: ${name} must be true or false, got ${describeValue(value)}`);
}

/** Throws unless `value` is a string or undefined. */
export function requireOptionalString(op: string, name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'string') throw new TypeError(`${op}: ${name} must be a string, got ${describeValue(value)}`);
}

/** Throws unless `value` is undefined or an RxJS scheduler (something with `now()` and `schedule()`). */
export function requireOptionalScheduler(op: string, name: string, value: unknown): asserts value is SchedulerLike | undefined {
  if (value !== undefined) requireScheduler(op, name, value);
}

/** Throws unless `value` is an RxJS scheduler (something with `now()` and `schedule()`). */
export function requireScheduler(op: string, name: string, value: unknown): asserts value is SchedulerLike {
  const s = value as Partial<SchedulerLike> | null;
  if (typeof s !== 'object' || s === null || typeof s.now !== 'function' || typeof s.schedule !== 'function') {
    throw new TypeError(`${op}: ${name} must be an RxJS scheduler with now() and schedule(), got ${describeValue(value)}`);
  }
}

/** Throws unless `value` is undefined or a sink with `next()` (an Observer or a Subject). */
export function requireOptionalSink(op: string, name: string, value: unknown): void {
  if (value === undefined) return;
  const s = value as { next?: unknown } | null;
  if ((typeof s !== 'object' && typeof s !== 'function') || s === null || typeof s.next !== 'function') {
    throw new TypeError(`${op}: ${name} must be an observer with next() (a Subject, for example), got ${describeValue(value)}`);
  }
}

/** Throws unless `value` is an Observable (anything with `subscribe()`, as RxJS interop allows). */
export function requireObservable(op: string, name: string, value: unknown): void {
  const s = value as { subscribe?: unknown } | null;
  if ((typeof s !== 'object' && typeof s !== 'function') || s === null || typeof s.subscribe !== 'function') {
    throw new TypeError(`${op}: ${name} must be an Observable, got ${describeValue(value)}`);
  }
}

/** Throws unless `value` is an instant: a finite number of epoch ms within the timestamp bounds. */
export function requireInstant(op: string, name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !isValidTimestamp(value)) {
    throw new RangeError(`${op}: ${name} must be a finite number of epoch ms within ±8.64e15, got ${describeValue(value)}`);
  }
}

/**
 * Throws unless `value` is a {@link WindowFn}: `description`, `isMerging` and `assign()`, plus
 * `mergeWindows()` when it merges. A half-made one would otherwise fail with the first element.
 */
export function requireWindowFn(op: string, name: string, value: unknown): asserts value is WindowFn {
  const f = value as Partial<Record<keyof WindowFn, unknown>> | null;
  if (typeof f !== 'object' || f === null) {
    throw new TypeError(`${op}: ${name} must be a WindowFn (fixedWindows(...), slidingWindows(...), sessionWindows(...), ...), got ${describeValue(value)}`);
  }
  if (typeof f.assign !== 'function') throw new TypeError(`${op}: ${name}.assign must be a function, got ${describeValue(f.assign)}`);
  if (typeof f.description !== 'string') throw new TypeError(`${op}: ${name}.description must be a string, got ${describeValue(f.description)}`);
  if (typeof f.isMerging !== 'boolean') throw new TypeError(`${op}: ${name}.isMerging must be true or false, got ${describeValue(f.isMerging)}`);
  if (f.isMerging && typeof f.mergeWindows !== 'function') {
    throw new TypeError(`${op}: ${name}.mergeWindows must be a function when isMerging is true, got ${describeValue(f.mergeWindows)}`);
  }
  requireOptionalFunction(op, `${name}.outputTime`, f.outputTime);
}
