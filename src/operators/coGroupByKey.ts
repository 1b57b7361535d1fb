import { Observable, type OperatorFunction } from 'rxjs';
import { requireFunction } from '../internal/checks.js';
import { builtIn, type CombineFn } from '../combiners/combineFn.js';
import type { Pane } from '../core/pane.js';
import { element, type ElementRecord, type EventTimeRecord } from '../core/records.js';
import { keyId } from '../core/keyEncoding.js';
import { MIN_TIMESTAMP, describeValue, type Instant } from '../time.js';
import { rejectedLetter, type DeadLetterSink } from './deadLetters.js';
import { invalidValueError, operatorError, sourceError, userCodeError } from './errors.js';
import { grouping, type GroupingOptions } from './grouping.js';
import { requireGroupingOptions } from './groupingOptions.js';
import { paneOrRecord } from './asEventTime.js';
import { subscribeRecords } from './fusion.js';
import { mergeRecords } from './mergeEventTime.js';
import { requireOnError } from './onError.js';
import { EVENT_TIME_RECORDS, type PaneStream } from './stream.js';

/**
 * A value with its key: what `coGroupByKey` joins on. A {@link Pane} is one too. Beam: `KV`.
 *
 * @category Operators
 */
export interface Keyed<K, V> {
  readonly key: K;
  readonly value: V;
}

/** What a mapping returns for an element it leaves out (it has routed the element elsewhere). */
const SKIP: unique symbol = Symbol('skip');
const FAILED: unique symbol = Symbol('failed');

/**
 * Maps the value of every element (and of every element of a bundle) of an event-time input, passing
 * watermarks and strategy through; an element mapped to {@link SKIP} is left out (`f` also gets the
 * input's watermark, for the dead letter it may send). Errors of the input are reported as the
 * operator's `source errored`.
 */
function mapElementValues<T, U>(
  op: string,
  source: Observable<unknown>,
  f: (value: T, timestamp: Instant, watermark: Instant) => U | typeof SKIP,
): Observable<EventTimeRecord<U>> {
  return new Observable<EventTimeRecord<U>>((subscriber) => {
    let failed = false;
    let wm = MIN_TIMESTAMP;
    const map = (value: T, timestamp: Instant): U | typeof SKIP | typeof FAILED => {
      try {
        return f(value, timestamp, wm);
      } catch (e) {
        failed = true;
        subscriber.error(e);
        return FAILED;
      }
    };
    return subscribeRecords<T>(op, source, {
      element: (value, timestamp, windows) => {
        if (failed) return;
        const u = map(value, timestamp);
        if (u !== FAILED && u !== SKIP) subscriber.next(element(u, timestamp, windows));
      },
      record: (r) => {
        if (failed) return;
        if (r.kind !== 'bundle') {
          if (r.kind === 'watermark' && r.watermark > wm) wm = r.watermark;
          return subscriber.next(r);
        }
        const elements: ElementRecord<U>[] = [];
        for (const e of r.elements) {
          const u = map(e.value, e.timestamp);
          if (u === FAILED) return;
          if (u !== SKIP) elements.push(element(u, e.timestamp, e.windows));
        }
        subscriber.next({ kind: 'bundle', elements });
      },
      error: (e: unknown) => subscriber.error(sourceError(op, e)),
      complete: () => subscriber.complete(),
    });
  });
}

/**
 * Options of {@link withKeys}.
 *
 * @category Operators
 */
export interface WithKeysOptions<T> {
  /**
   * What a value whose key function throws, or whose key is invalid (`undefined`, or anything
   * `encodeKey` refuses), does: `'fail'` (default) errors the stream; `'route'` sends it to
   * `deadLetters` (required with it) with the error as `cause`, and goes on.
   */
  readonly onError?: 'fail' | 'route' | undefined;
  /** Where `onError: 'route'` sends refused values: pass a `Subject`. */
  readonly deadLetters?: DeadLetterSink<T> | undefined;
}

/**
 * Pairs each value with a key, checking that the key is a valid key (compared by value; see
 * `encodeKey`). Beam: `WithKeys.of(fn)`.
 *
 * @param key - Gives each value's key.
 * @param options - What a value whose key function throws or whose key is refused does (`onError`, `deadLetters`).
 *
 * @example clicks$.pipe(assignEventTime((c) => c.time), fixedWindow(60_000), withKeys((c) => c.user))
 *
 * @category Operators
 */
export function withKeys<T, K>(key: (value: T) => K, options: WithKeysOptions<T> = {}): OperatorFunction<EventTimeRecord<T>, EventTimeRecord<Keyed<K, T>>> {
  requireFunction('withKeys', 'key', key);
  requireOnError('withKeys', options);
  const route = options.onError === 'route' ? options.deadLetters! : undefined;
  return (source) =>
    mapElementValues('withKeys', source, (value: T, timestamp: Instant, watermark: Instant) => {
      let k: K;
      try {
        k = key(value);
      } catch (e) {
        const error = userCodeError('withKeys', `the key function threw for ${describeValue(value)}`, e);
        if (route === undefined) throw error;
        route.next(rejectedLetter('withKeys', { value, timestamp, reason: 'key-function-threw', error, watermark }));
        return SKIP;
      }
      try {
        keyId(k);
      } catch (e) {
        const error = operatorError('withKeys', e);
        if (route === undefined) throw error;
        route.next(rejectedLetter('withKeys', { value, timestamp, reason: 'invalid-key', error, watermark }));
        return SKIP;
      }
      return { key: k, value };
    });
}

/**
 * The key type of a keyed input.
 *
 * @category Operators
 */
export type KeyOf<S> = S extends Observable<EventTimeRecord<Keyed<infer K, unknown>>> ? K : S extends Observable<Keyed<infer K, unknown>> ? K : never;
/**
 * The value type of a keyed input.
 *
 * @category Operators
 */
export type ValueOf<S> = S extends Observable<EventTimeRecord<Keyed<unknown, infer V>>> ? V : S extends Observable<Keyed<unknown, infer V>> ? V : never;

/**
 * The inputs of a `coGroupByKey`: keyed event-time streams or pane streams, by tag.
 *
 * @category Operators
 */
export type CoGroupInputs = Record<string, Observable<EventTimeRecord<Keyed<unknown, unknown>>> | PaneStream<unknown, unknown> | Observable<Pane<unknown, unknown>>>;

/**
 * The value of a `coGroupByKey` pane: for each tag, that input's values for the key in the window (empty when none).
 *
 * @category Operators
 */
export type CoGroupResult<R> = { [P in keyof R]: ValueOf<R[P]>[] };

/**
 * A value of one `coGroupByKey` input, tagged with the input's position and its key.
 *
 * @category Operators
 */
export interface Tagged {
  readonly tag: number;
  readonly key: unknown;
  readonly value: unknown;
}

function unionOfLists(tags: readonly string[]): CombineFn<Tagged, unknown[][], Record<string, unknown[]>> {
  return builtIn({
    createAccumulator: () => tags.map(() => []),
    addInput: (acc, t) => {
      acc[t.tag].push(t.value);
      return acc;
    },
    mergeAccumulators: (accs) => tags.map((_, i) => accs.flatMap((a) => a[i])),
    extractOutput: (acc) => {
      const out: Record<string, unknown[]> = {};
      tags.forEach((tag, i) => (out[tag] = acc[i].slice()));
      return out;
    },
  });
}

/**
 * The records of one `coGroupByKey` input. A grouping's pane stream gives its record form; a plain stream
 * (a pane stream after `filter` or `map`, which keeps no watermarks) has its panes taken as elements, as
 * `asEventTime()` does, and its records passed on; anything else errors naming the input.
 */
function panesAsRecords(tag: string, source: Observable<unknown>): Observable<unknown> {
  const hidden = (source as Partial<PaneStream<unknown, unknown>>)[EVENT_TIME_RECORDS];
  if (hidden !== undefined) return hidden;
  return new Observable<EventTimeRecord<unknown>>((subscriber) =>
    source.subscribe({
      next: (v) => {
        const r = paneOrRecord(v);
        if (r !== undefined) return subscriber.next(r);
        subscriber.error(
          invalidValueError('coGroupByKey', `input ${JSON.stringify(tag)} is not an event-time stream: start with assignEventTime(...) and withKeys(...), or give it panes, got ${describeValue(v)}`),
        );
      },
      error: (e: unknown) => subscriber.error(e),
      complete: () => subscriber.complete(),
    }),
  );
}

/**
 * Joins several keyed streams per key and window: each pane holds, for every input tag, the values that
 * input had for the key in the window. Beam: `KeyedPCollectionTuple.of(...).apply(CoGroupByKey.create())`
 * (Python: `{tag: pcoll} | CoGroupByKey()`). The inputs' watermark is the minimum of theirs, and they
 * must share one windowing strategy. A pane stream that went through plain RxJS operators (`filter`) is
 * taken as `asEventTime()` takes it: its panes are elements, and its watermark moves when it completes.
 *
 * @param inputs - The keyed streams to join, by tag: `{ clicks: clicks$, views: views$ }`.
 * @param options - The grouping's options: `scheduler`, `onDropped`, `deadLetters`, `metrics`, `onFiring`, `onError`.
 *
 * @example coGroupByKey({ clicks: clicks$, views: views$ }) // Pane<{ clicks: Click[]; views: View[] }, string>
 *
 * @category Operators
 */
export function coGroupByKey<R extends CoGroupInputs>(
  inputs: R,
  options: GroupingOptions<Tagged> = {},
): Observable<Pane<CoGroupResult<R>, KeyOf<R[keyof R]>>> {
  if (typeof inputs !== 'object' || inputs === null) {
    throw new TypeError(`coGroupByKey: inputs must be an object of keyed streams by tag, got ${describeValue(inputs)}`);
  }
  const tags = Object.keys(inputs);
  if (tags.length === 0) throw new RangeError('coGroupByKey: needs at least one input, got none');
  requireGroupingOptions('coGroupByKey', options);
  tags.forEach((tag) => {
    if (!(inputs[tag] instanceof Observable)) {
      throw new TypeError(`coGroupByKey: input ${JSON.stringify(tag)} must be an Observable, got ${describeValue(inputs[tag])}`);
    }
  });
  const tagged = tags.map((tag, i) =>
    mapElementValues('coGroupByKey', panesAsRecords(tag, inputs[tag]), (kv: Keyed<unknown, unknown>): Tagged => {
      if (typeof kv !== 'object' || kv === null || !('key' in kv)) {
        throw invalidValueError('coGroupByKey', `input ${JSON.stringify(tag)} must carry { key, value } elements (use withKeys), got ${describeValue(kv)}`);
      }
      return { tag: i, key: kv.key, value: kv.value };
    }),
  );
  return grouping('coGroupByKey', mergeRecords('coGroupByKey', tagged), (t: Tagged) => t.key, unionOfLists(tags), options) as unknown as Observable<
    Pane<CoGroupResult<R>, KeyOf<R[keyof R]>>
  >;
}
