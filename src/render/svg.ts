/** Small helpers for writing SVG text by hand. */
import { END_OF_GLOBAL_WINDOW, MAX_TIMESTAMP, MIN_TIMESTAMP, formatUtc, type Instant } from '../time.js';

const XML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for SVG content and attribute values. */
export function xml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
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
  return formatUtc(t, t % 1000 === 0 ? 'HH:mm:ss' : 'HH:mm:ss.SSS');
}

/** A processing time relative to the first one of a run: `+0s`, `+5s`, `+10.001s`. */
export function sinceStart(t: Instant, start: Instant): string {
  return `+${(t - start) / 1000}s`;
}

/** A pane's value in a few characters: objects as `name=value` pairs, long arrays by their length. */
export function shortValue(value: unknown, max = 48): string {
  let text: string;
  if (Array.isArray(value)) {
    text = value.length > 3 ? `[${value.length} values]` : jsonText(value);
  } else if (typeof value === 'object' && value !== null) {
    text = Object.entries(value)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : jsonText(v)}`)
      .join(' ');
  } else {
    text = typeof value === 'string' ? value : String(value);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function jsonText(v: unknown): string {
  if (typeof v === 'number') return String(v);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
