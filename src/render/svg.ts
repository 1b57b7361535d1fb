/** Small helpers for writing SVG text by hand. */
import { escapeControls } from '../internal/text.js';
import { END_OF_GLOBAL_WINDOW, MAX_TIMESTAMP, MIN_TIMESTAMP, describeValue, type Instant } from '../time.js';

const XML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for SVG content and attribute values. Control characters become a visible `\uXXXX`:
 * XML 1.0 forbids most of them even as character references, and one would make the whole picture
 * fail to load.
 */
export function xml(text: string): string {
  return escapeControls(text).replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
}

/** A number for an SVG attribute: two decimals at most. */
export function num(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** Splits text into lines of at most `width` characters, at spaces where possible. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Event time for people: `HH:mm:ss` in UTC, with milliseconds only when there are some. */
export function clockTime(t: Instant): string {
  if (t <= MIN_TIMESTAMP) return '-inf';
  if (t >= MAX_TIMESTAMP) return '+inf';
  if (t === END_OF_GLOBAL_WINDOW) return 'end of global window';
  // The time of day of the ISO form is the same text as date-fns' UTC 'HH:mm:ss(.SSS)', without a
  // time-zone lookup per call (a picture of a long run formats hundreds of thousands of times).
  const iso = new Date(t).toISOString();
  return t % 1000 === 0 ? iso.slice(-13, -5) : iso.slice(-13, -1);
}

/** A processing time relative to the first one of a run: `+0s`, `+5s`, `+10.001s`. */
export function sinceStart(t: Instant, start: Instant): string {
  return `+${(t - start) / 1000}s`;
}

/**
 * A pane's value (or key) in a few characters: objects as `name=value` pairs, long arrays by their
 * length. Never throws: a value whose getters or `toString` throw is named as an error message names it.
 */
export function shortValue(value: unknown, max = 48): string {
  let text: string;
  try {
    if (Array.isArray(value)) {
      text = value.length > 3 ? `[${value.length} values]` : jsonText(value);
    } else if (typeof value === 'object' && value !== null) {
      text = Object.entries(value)
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : jsonText(v)}`)
        .join(' ');
    } else {
      text = typeof value === 'string' ? value : typeof value === 'bigint' || typeof value === 'symbol' ? describeValue(value) : String(value);
    }
  } catch {
    text = describeValue(value);
  }
  if (text.length <= max) return text;
  // Half of a surrogate pair is not a character.
  const head = text.slice(0, max - 1);
  return `${/[\ud800-\udbff]$/.test(head) ? head.slice(0, -1) : head}…`;
}

function jsonText(v: unknown): string {
  if (typeof v === 'number') return String(v);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    // A cycle, a BigInt, or a toJSON that throws.
    return describeValue(v);
  }
}
