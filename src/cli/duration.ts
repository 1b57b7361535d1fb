import { UsageError } from './usage.js';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/y;

/**
 * Reads a duration written as one or more number-unit pairs: `1500ms`, `60s`, `2m`, `1h`, `1d`,
 * `1m30s`. A bare number is refused because `60` could mean seconds as easily as milliseconds.
 */
export function parseDuration(flag: string, text: string): number {
  const fail = (why: string) => new UsageError(`--${flag} ${why}, got ${JSON.stringify(text)}`);
  if (text === '') throw fail('must be a duration such as 1500ms, 60s, 2m, 1h or 1d');
  if (/^\d+(\.\d+)?$/.test(text)) throw fail('needs a unit (ms, s, m, h or d)');
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < text.length) {
    const at = PART.lastIndex;
    const m = PART.exec(text);
    if (m === null || m.index !== at) throw fail('must be a duration such as 1500ms, 60s, 2m, 1h or 1d');
    total += Number(m[1]) * UNIT_MS[m[2]];
  }
  if (!Number.isFinite(total)) throw fail('is too large');
  return Math.round(total);
}

/** Reads a positive integer count such as `--early-count 100`. */
export function parseCount(flag: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`--${flag} must be a whole number of at least 1, got ${JSON.stringify(text)}`);
  }
  return Number(text);
}

/**
 * A duration as the flags write it, rounded up to whole seconds from one second on (it names a delay
 * that must be at least this long): `250ms`, `3s`, `1m30s`, `2h`, `1d1h`.
 */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.max(0, Math.ceil(ms))}ms`;
  let rest = Math.ceil(ms / 1_000) * 1_000;
  let out = '';
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const n = Math.floor(rest / UNIT_MS[unit]);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * UNIT_MS[unit];
  }
  return out;
}
