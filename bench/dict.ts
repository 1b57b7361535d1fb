/**
 * The container a hand-written loop keeps its per-key state in. V8 looks a string up faster in a plain
 * object without prototype (a dictionary-mode object, `Object.create(null)`) than in a `Map` while the
 * container holds about a thousand keys, and slower at about fifty thousand (measured: the main loop
 * 19-21 against 28-31 ms at 1,000 keys; 480-690 against 300-400 ms at 1e5 keys). Each row's loop uses
 * the faster one for its workload. Every row runs in a process of its own, so each call site below sees
 * one class and is inlined: a loop over `ObjectDict` runs as fast as the same loop written with
 * `o[key]` (checked, 19-20 ms either way).
 */

/** The part of `Map<string, V>` the loops use. */
export interface Dict<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): unknown;
  delete(key: string): unknown;
  forEach(f: (value: V, key: string) => void): void;
}

/** Which container: `Map` or `ObjectDict`. */
export type DictKind = 'map' | 'object';

/** A string-keyed dictionary over a plain object without prototype. */
export class ObjectDict<V> implements Dict<V> {
  private readonly o = Object.create(null) as Record<string, V>;

  get(key: string): V | undefined {
    return this.o[key];
  }

  set(key: string, value: V): void {
    this.o[key] = value;
  }

  delete(key: string): void {
    delete this.o[key];
  }

  forEach(f: (value: V, key: string) => void): void {
    const o = this.o;
    for (const key in o) f(o[key], key);
  }
}

/** A factory for empty dictionaries of the given kind. */
export function dicts<V>(kind: DictKind): () => Dict<V> {
  return kind === 'map' ? () => new Map<string, V>() : () => new ObjectDict<V>();
}
