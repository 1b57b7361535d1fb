import type { Pane } from '../core/pane.js';
import { describeValue, type Instant } from '../time.js';
import { escapeControls } from '../internal/text.js';
import { isGlobalWindow, type Window } from '../windows/window.js';
import { requireOptions } from '../internal/checks.js';
import { formatEventTime } from './instants.js';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Deeper values, and parts beyond the first this many nested values, are written as `…`: a pane line
 * names the value, and a deep one would overflow the stack (a shared one could double at each level).
 */
const MAX_DEPTH = 32;
const MAX_PARTS = 10_000;

/**
 * Writes a value as a short, stable JS-like literal: `{count: 2, sum_amount: 35}`, `["a", "b"]`,
 * `undefined`, `5n`. Object keys keep their insertion order. Never throws: a value that refers to
 * itself is written `[Circular]`, and one whose getters throw is named as an error message names it,
 * so a diff can always show what came out. Control characters in strings are escaped.
 *
 * @category Testing
 */
export function formatValue(value: unknown): string {
  return formatIn(value, 0, [], { parts: 0 });
}

function formatIn(value: unknown, depth: number, path: unknown[], count: { parts: number }): string {
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'string':
      return escapeControls(JSON.stringify(value));
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'boolean':
      return String(value);
    case 'bigint':
    case 'symbol':
      return describeValue(value);
    case 'function':
      return 'function';
  }
  if (value === null) return 'null';
  if (path.includes(value)) return '[Circular]';
  if (depth >= MAX_DEPTH || ++count.parts > MAX_PARTS) return '…';
  path.push(value);
  try {
    const inner = (v: unknown) => formatIn(v, depth + 1, path, count);
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Date(Invalid)' : `Date(${value.toISOString()})`;
    if (Array.isArray(value)) return `[${value.map(inner).join(', ')}]`;
    if (value instanceof Map) return `Map{${[...value].map(([k, v]) => `${inner(k)} => ${inner(v)}`).join(', ')}}`;
    if (value instanceof Set) return `Set{${[...value].map(inner).join(', ')}}`;
    const entries = Object.entries(value as Record<string, unknown>);
    return `{${entries.map(([k, v]) => `${IDENTIFIER.test(k) ? k : escapeControls(JSON.stringify(k))}: ${inner(v)}`).join(', ')}}`;
  } catch {
    // A getter, a proxy trap or a broken Date threw.
    return describeValue(value);
  } finally {
    path.pop();
  }
}

/**
 * Writes a window as `[0s, 1m)` relative to `origin`, or `global`.
 *
 * @category Testing
 */
export function formatWindow(window: Window, origin: Instant = 0): string {
  if (isGlobalWindow(window)) return 'global';
  return `[${formatEventTime(window.start, origin)}, ${formatEventTime(window.end, origin)})`;
}

function formatKey(key: unknown): string {
  return typeof key === 'string' && /^[^\s"[{(]+$/.test(key) && escapeControls(key) === key ? key : formatValue(key);
}

/**
 * One line per pane, as `expectPanes` compares them:
 * `key window timing #index/onTimeIndex [first] [last] [retraction] [ts=time] value`, e.g.
 * `u2 [0s, 1m) LATE #1/1 last {count: 2, sum_amount: 11}`. The output timestamp is written only when it
 * is not the window's end (`maxTimestamp`, Beam's default); `retraction` marks a withdrawn pane
 * (`accumulation: 'accumulatingAndRetracting'`).
 *
 * @example formatPane(pane, { origin: T0 }) // 'u1 [0s, 1m) ON_TIME #0/0 first {count: 2, sum_amount: 35}'
 *
 * @category Testing
 */
export function formatPane(pane: Pane<unknown, unknown>, options: { readonly origin?: Instant | undefined } = {}): string {
  const origin = requireOptions('formatPane', options).origin ?? 0;
  const { timing, index, onTimeIndex, isFirst, isLast } = pane.pane;
  const parts = [formatKey(pane.key), formatWindow(pane.window, origin), timing, `#${index}/${onTimeIndex}`];
  if (isFirst) parts.push('first');
  if (isLast) parts.push('last');
  if (pane.retraction === true) parts.push('retraction');
  if (pane.timestamp !== pane.window.maxTimestamp) parts.push(`ts=${formatEventTime(pane.timestamp, origin)}`);
  parts.push(formatValue(pane.value));
  return parts.join(' ');
}
