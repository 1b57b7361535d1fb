import type { Pane } from '../core/pane.js';
import type { Instant } from '../time.js';
import { isGlobalWindow, type Window } from '../windows/window.js';
import { requireOptions } from '../internal/checks.js';
import { formatEventTime } from './instants.js';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Writes a value as a short, stable JS-like literal: `{count: 2, sum_amount: 35}`, `["a", "b"]`,
 * `undefined`. Object keys keep their insertion order.
 */
export function formatValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'function') return 'function';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Date(Invalid)' : `Date(${value.toISOString()})`;
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (value instanceof Map) return `Map{${[...value].map(([k, v]) => `${formatValue(k)} => ${formatValue(v)}`).join(', ')}}`;
  if (value instanceof Set) return `Set{${[...value].map(formatValue).join(', ')}}`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `{${entries.map(([k, v]) => `${IDENTIFIER.test(k) ? k : JSON.stringify(k)}: ${formatValue(v)}`).join(', ')}}`;
}

/** Writes a window as `[0s, 1m)` relative to `origin`, or `global`. */
export function formatWindow(window: Window, origin: Instant = 0): string {
  if (isGlobalWindow(window)) return 'global';
  return `[${formatEventTime(window.start, origin)}, ${formatEventTime(window.end, origin)})`;
}

function formatKey(key: unknown): string {
  return typeof key === 'string' && /^[^\s"[{(]+$/.test(key) ? key : formatValue(key);
}

/**
 * One line per pane, as `expectPanes` compares them:
 * `key window timing #index/onTimeIndex [first] [last] [ts=time] value`, e.g.
 * `u2 [0s, 1m) LATE #1/1 last {count: 2, sum_amount: 11}`. The output timestamp is written only when it
 * is not the window's end (`maxTimestamp`, Beam's default).
 *
 * @example formatPane(pane, { origin: T0 }) // 'u1 [0s, 1m) ON_TIME #0/0 first {count: 2, sum_amount: 35}'
 */
export function formatPane(pane: Pane<unknown, unknown>, options: { readonly origin?: Instant } = {}): string {
  const origin = requireOptions('formatPane', options).origin ?? 0;
  const { timing, index, onTimeIndex, isFirst, isLast } = pane.pane;
  const parts = [formatKey(pane.key), formatWindow(pane.window, origin), timing, `#${index}/${onTimeIndex}`];
  if (isFirst) parts.push('first');
  if (isLast) parts.push('last');
  if (pane.timestamp !== pane.window.maxTimestamp) parts.push(`ts=${formatEventTime(pane.timestamp, origin)}`);
  parts.push(formatValue(pane.value));
  return parts.join(' ');
}
