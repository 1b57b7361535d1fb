/**
 * Each key's states across windows, linked newest first through `KeyWindow.olderOfKey`: under windows
 * that overlap without merging (sliding windows), one lookup of the key finds its states in all of an
 * element's windows, where the windows' own indexes would cost a lookup of the key in each. The
 * `WindowStore` keeps one once it links its states (see `WindowStore.linkByKey`).
 */
import type { KeyWindow } from './keyWindow.js';
import { KeyedStates } from './windowBucket.js';
import type { WindowBucket } from './windowBucket.js';

/** Each key's newest live state, by key identity; the older ones follow through `olderOfKey`. */
export class KeyLinks<K, Acc> {
  private readonly newestByKey = new KeyedStates<unknown, KeyWindow<K, Acc>>();

  /** The newest state of the key with identity `id`, or undefined when it has none. */
  newest(id: unknown): KeyWindow<K, Acc> | undefined {
    return this.newestByKey.get(id);
  }

  /** Links a state as its key's newest. */
  add(kw: KeyWindow<K, Acc>): void {
    kw.olderOfKey = this.newestByKey.get(kw.id);
    this.newestByKey.set(kw.id, kw);
  }

  /** Takes a state out of its key's links (released); a key left with none is forgotten. */
  remove(kw: KeyWindow<K, Acc>): void {
    const newest = this.newestByKey.get(kw.id);
    if (newest === kw) {
      if (kw.olderOfKey !== undefined) this.newestByKey.set(kw.id, kw.olderOfKey);
      else this.newestByKey.delete(kw.id);
    } else {
      let newer = newest;
      while (newer !== undefined && newer.olderOfKey !== kw) newer = newer.olderOfKey;
      if (newer !== undefined) newer.olderOfKey = kw.olderOfKey;
    }
    kw.olderOfKey = undefined;
  }

  clear(): void {
    this.newestByKey.clear();
  }
}

/** The state in `bucket` among `from` and the states older than it (up to `until`, not included), or undefined. */
export function olderIn<K, Acc>(from: KeyWindow<K, Acc> | undefined, bucket: WindowBucket<K, Acc>, until?: KeyWindow<K, Acc>): KeyWindow<K, Acc> | undefined {
  for (let kw = from; kw !== undefined && kw !== until; kw = kw.olderOfKey) if (kw.bucket === bucket) return kw;
  return undefined;
}
