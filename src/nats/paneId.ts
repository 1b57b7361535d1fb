import { encodeKey } from '../core/keyEncoding.js';
import type { Pane } from '../core/pane.js';

/** Percent-escapes what a NATS header value cannot carry (controls, spaces, non-ASCII) and `%` itself. */
function escape(c: string): string {
  const code = c.codePointAt(0)!;
  // A lone surrogate has no UTF-8 form for encodeURIComponent; its code unit keeps it distinct.
  if (code >= 0xd800 && code <= 0xdfff) return `%u${code.toString(16).padStart(4, '0')}`;
  return encodeURIComponent(c);
}

/**
 * A stable identity of a pane: its key's {@link encodeKey} encoding, its window and its pane index,
 * as printable ASCII (`"user-1"/1704067200000/1704067260000/0`). A replay of a deterministic pipeline
 * gives its panes the same ids, so a sink that remembers ids (NATS JetStream's `Nats-Msg-Id`
 * deduplication, a database's primary key) stores each pane once. Different keys, windows or panes
 * never share an id: the three numbers are read from the right, and the key part is escaped.
 * Beam has no such name; Flink's two-phase-commit sinks reach the same end with transactions.
 *
 * @example paneId({ key: 'u1', window: { start: 0, end: 60_000, maxTimestamp: 59_999 }, pane: { index: 1, ... }, ... }) // '"u1"/0/60000/1'
 *
 * @category Scale-out
 */
export function paneId(pane: Pane<unknown, unknown>): string {
  const key = encodeKey(pane.key).replace(/[^\x21-\x24\x26-\x7e]/gu, escape);
  return `${key}/${pane.window.start}/${pane.window.end}/${pane.pane.index}`;
}
