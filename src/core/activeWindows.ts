/**
 * The open windows of one key under a merging window function, in window order (by start, then end):
 * Beam's ACTIVE windows of a `MergingActiveWindowSet`. A balanced binary search tree (AVL), so that a
 * key with many open sessions costs O(log n) per element instead of a scan of all of them. Each entry
 * keeps its window's bounds, so a lookup reads the tree's own nodes only.
 */
import type { Instant } from '../time.js';
import type { Window } from '../windows/window.js';

/** A value's place in an {@link ActiveWindows}: what `add` returns and `delete` takes. */
export interface ActiveEntry<V> {
  readonly value: V;
  start: Instant;
  end: Instant;
  left: ActiveEntry<V> | undefined;
  right: ActiveEntry<V> | undefined;
  height: number;
}

type Node<V> = ActiveEntry<V>;

const heightOf = <V>(n: Node<V> | undefined): number => (n === undefined ? 0 : n.height);

/** Orders entries by start, then end (window order). */
const compare = <V>(a: Node<V>, b: Node<V>): number => a.start - b.start || a.end - b.end;

function update<V>(n: Node<V>): void {
  const l = heightOf(n.left);
  const r = heightOf(n.right);
  n.height = (l > r ? l : r) + 1;
}

function rotateRight<V>(n: Node<V>): Node<V> {
  const l = n.left!;
  n.left = l.right;
  l.right = n;
  update(n);
  update(l);
  return l;
}

function rotateLeft<V>(n: Node<V>): Node<V> {
  const r = n.right!;
  n.right = r.left;
  r.left = n;
  update(n);
  update(r);
  return r;
}

/** Restores the AVL balance of `n`, whose subtrees are balanced and differ in height by at most 2. */
function balance<V>(n: Node<V>): Node<V> {
  update(n);
  const b = heightOf(n.left) - heightOf(n.right);
  if (b > 1) {
    if (heightOf(n.left!.left) < heightOf(n.left!.right)) n.left = rotateLeft(n.left!);
    return rotateRight(n);
  }
  if (b < -1) {
    if (heightOf(n.right!.right) < heightOf(n.right!.left)) n.right = rotateRight(n.right!);
    return rotateLeft(n);
  }
  return n;
}

function insertNode<V>(n: Node<V> | undefined, node: Node<V>): Node<V> {
  if (n === undefined) return node;
  if (compare(node, n) < 0) n.left = insertNode(n.left, node);
  else n.right = insertNode(n.right, node);
  return balance(n);
}

/** Takes the leftmost node out of a subtree; `out[0]` receives it. */
function removeMin<V>(n: Node<V>, out: Node<V>[]): Node<V> | undefined {
  if (n.left === undefined) {
    out[0] = n;
    return n.right;
  }
  n.left = removeMin(n.left, out);
  return balance(n);
}

function removeNode<V>(n: Node<V> | undefined, node: Node<V>, removed: { found: boolean }): Node<V> | undefined {
  if (n === undefined) return undefined;
  if (n === node) {
    removed.found = true;
    if (n.left === undefined) return n.right;
    if (n.right === undefined) return n.left;
    const out: Node<V>[] = [];
    const right = removeMin(n.right, out);
    const successor = out[0];
    successor.left = n.left;
    successor.right = right;
    return balance(successor);
  }
  // Entries are unique by window: a key has one state per window.
  if (compare(node, n) < 0) n.left = removeNode(n.left, node, removed);
  else n.right = removeNode(n.right, node, removed);
  return balance(n);
}

function collect<V>(n: Node<V> | undefined, out: V[]): void {
  if (n === undefined) return;
  collect(n.left, out);
  out.push(n.value);
  collect(n.right, out);
}

/**
 * Pushes onto `out`, in window order, the values whose windows intersect `w`; the windows of the tree
 * must not intersect one another (sessions). Returns whether one of them is `w` itself.
 */
function overlapping<V>(n: Node<V> | undefined, w: Window, out: V[]): boolean {
  if (n === undefined) return false;
  let same = false;
  // Disjoint windows: those left of n end at or before n starts, those right of n start at or after n ends.
  if (n.start > w.start) same = overlapping(n.left, w, out);
  if (n.start < w.end && n.end > w.start) {
    out.push(n.value);
    if (n.start === w.start && n.end === w.end) same = true;
  }
  if (n.end < w.end && overlapping(n.right, w, out)) same = true;
  return same;
}

/** A key's open windows in window order. */
export class ActiveWindows<V> {
  private root: Node<V> | undefined = undefined;
  private count = 0;
  private readonly removed = { found: false };

  get size(): number {
    return this.count;
  }

  /** How many levels deep the tree is: an AVL tree of n entries has fewer than 1.45 log2(n + 2). */
  get height(): number {
    return heightOf(this.root);
  }

  /** Adds a value with its window, which must differ from those already in; returns its entry. */
  add(value: V, window: Window): ActiveEntry<V> {
    const entry: ActiveEntry<V> = { value, start: window.start, end: window.end, left: undefined, right: undefined, height: 1 };
    this.root = insertNode(this.root, entry);
    this.count++;
    return entry;
  }

  /** Takes an entry out; false when it was not in. */
  delete(entry: ActiveEntry<V>): boolean {
    const removed = this.removed;
    removed.found = false;
    this.root = removeNode(this.root, entry, removed);
    if (removed.found) this.count--;
    return removed.found;
  }

  /** All values, in window order. */
  toArray(): V[] {
    const out: V[] = [];
    collect(this.root, out);
    return out;
  }

  /**
   * Pushes onto `out` the values whose windows intersect `w`, in window order; returns whether one of
   * them is `w` itself. Only for windows that do not intersect one another, as the open windows of a key
   * under session windows.
   */
  overlapping(w: Window, out: V[]): boolean {
    return overlapping(this.root, w, out);
  }

  /**
   * The entry of the one window that intersects `[start, end)`, or undefined when none or several do;
   * only for windows that do not intersect one another (sessions). Exists for speed: two descents
   * without recursion or an array, so that it inlines into the session element path.
   */
  onlyOverlapping(start: Instant, end: Instant): ActiveEntry<V> | undefined {
    // Disjoint windows are ordered by end as by start: the first that ends after `start`...
    let first: Node<V> | undefined;
    for (let n = this.root; n !== undefined; ) {
      if (n.end > start) {
        first = n;
        n = n.left;
      } else n = n.right;
    }
    if (first === undefined || !(first.start < end)) return undefined;
    // ...and the last that starts before `end` must be the same one.
    let last: Node<V> | undefined;
    for (let n = this.root; n !== undefined; ) {
      if (n.start < end) {
        last = n;
        n = n.right;
      } else n = n.left;
    }
    return last === first ? first : undefined;
  }
}

/**
 * Gives an entry a new window that keeps its place in the order (a session that grows: the other open
 * sessions of its key lie wholly before or after it). Anything else must be deleted and added again.
 */
export function regrow<V>(entry: ActiveEntry<V>, window: Window): void {
  entry.start = window.start;
  entry.end = window.end;
}

/**
 * The open windows of every key, by key identity (`keyId`); a key without any has no entry. String
 * identities are also filed in a prototype-less object while there are at most {@link NAMES_LIMIT}
 * keys, for speed (the session element path looks its key up for every element): V8 finds one of a
 * thousand strings there in about half the time a `Map` takes (as `KeyedStates` does).
 */
export class ActiveWindowsByKey<V> {
  private readonly byKey = new Map<unknown, ActiveWindows<V>>();
  private byName: Record<string, ActiveWindows<V>> | undefined = names();

  get(id: unknown): ActiveWindows<V> | undefined {
    const byName = this.byName;
    return byName !== undefined && typeof id === 'string' ? byName[id] : this.byKey.get(id);
  }

  /** Adds a value with its window to the key's open windows; returns its entry. */
  add(id: unknown, value: V, window: Window): ActiveEntry<V> {
    let set = this.byKey.get(id);
    if (set === undefined) {
      this.byKey.set(id, (set = new ActiveWindows<V>()));
      if (this.byKey.size > NAMES_LIMIT) this.byName = undefined;
      else if (this.byName !== undefined && typeof id === 'string') this.byName[id] = set;
    }
    return set.add(value, window);
  }

  /** Takes an entry out of the key's open windows, and the key when it has none left. */
  delete(id: unknown, entry: ActiveEntry<V>): void {
    const set = this.byKey.get(id);
    if (set === undefined) return;
    set.delete(entry);
    if (set.size > 0) return;
    this.byKey.delete(id);
    if (this.byName !== undefined && typeof id === 'string') delete this.byName[id];
  }

  clear(): void {
    this.byKey.clear();
    this.byName = names();
  }
}

/** Up to how many keys {@link ActiveWindowsByKey} also files string identities by name. */
const NAMES_LIMIT = 8192;

const names = <V>(): Record<string, V> => Object.create(null) as Record<string, V>;
