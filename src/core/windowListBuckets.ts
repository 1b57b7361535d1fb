/**
 * The buckets of the window lists a window function handed out last, for the non-merging element path.
 */
import type { Window } from '../windows/window.js';
import type { WindowBucket } from './windowBucket.js';

/**
 * Window functions hand out the same frozen list again for every time of one slot (sliding windows:
 * one list of size / period windows per period), so a list seen before finds its buckets with one
 * identity check rather than one search of the store per window. Two lists are kept, as out-of-order
 * data near a slot boundary goes back and forth between two. An entry that is missing (its window had
 * no bucket yet) or released (collected) is looked up again by the caller and written back. It exists
 * for speed: a reducer with `plainPaths` has none, and `spec/core/windowListBuckets.spec.ts` compares
 * both paths.
 */
export class WindowListBuckets<K, Acc> {
  private list: readonly Window[] | undefined = undefined;
  private buckets: (WindowBucket<K, Acc> | undefined)[] = [];
  private otherList: readonly Window[] | undefined = undefined;
  private otherBuckets: (WindowBucket<K, Acc> | undefined)[] = [];

  /** The buckets found so far for the windows of `windows`, index by index (entries may be missing or released). */
  of(windows: readonly Window[]): (WindowBucket<K, Acc> | undefined)[] {
    if (windows === this.list) return this.buckets;
    const list = this.list;
    const buckets = this.buckets;
    if (windows === this.otherList) {
      this.list = windows;
      this.buckets = this.otherBuckets;
    } else {
      this.list = windows;
      this.buckets = new Array<WindowBucket<K, Acc> | undefined>(windows.length).fill(undefined);
    }
    this.otherList = list;
    this.otherBuckets = buckets;
    return this.buckets;
  }
}
