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

/**
 * Splits text into lines of at most `width` characters, at spaces where possible; a word longer than
 * a line (a composite trigger's description) is broken inside.
 */
export function wrap(text: string, width: number): string[] {
  const max = Math.max(1, Math.floor(width));
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(' ')) {
    while (word.length > max) {
      if (line !== '') lines.push(line);
      line = '';
      lines.push(word.slice(0, max));
      word = word.slice(max);
    }
    if (line !== '' && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Text cut to `max` characters with an ellipsis, never through a surrogate pair. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return max === 1 ? '…' : '';
  const head = text.slice(0, max - 1);
  return `${/[\ud800-\udbff]$/.test(head) ? head.slice(0, -1) : head}…`;
}

/**
 * A generous width of sans-serif text, in px: wide enough for capitals and digits in the common
 * fallback fonts, so that boxes placed by it do not overlap once the browser lays the text out.
 */
export function textWidth(text: string, fontSize: number): number {
  return text.length * fontSize * 0.7;
}

/** A rectangle on the canvas. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/**
 * Places boxes (labels, marks) without overlap inside the canvas: `take` keeps a box when it is inside
 * and clear of every box kept so far. Boxes are bucketed by column so that a picture with many marks
 * does not compare every pair.
 */
export class Placer {
  private readonly columns = new Map<number, Box[]>();

  constructor(private readonly width: number, private readonly height: number) {}

  /** Whether the box is inside the canvas and clear of the boxes kept. */
  fits(b: Box): boolean {
    if (b.x < 0 || b.y < 0 || b.x + b.w > this.width || b.y + b.h > this.height) return false;
    for (let c = Math.floor(b.x / 64); c <= Math.floor((b.x + b.w) / 64); c++) {
      for (const o of this.columns.get(c) ?? []) {
        if (b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h) return false;
      }
    }
    return true;
  }

  /** Keeps the box as an obstacle whether or not it fits (marks are drawn where they belong). */
  add(b: Box): void {
    for (let c = Math.floor(b.x / 64); c <= Math.floor((b.x + b.w) / 64); c++) {
      const list = this.columns.get(c);
      if (list === undefined) this.columns.set(c, [b]);
      else list.push(b);
    }
  }

  /** The first box that fits, kept; undefined when none does. */
  take(candidates: Iterable<Box>): Box | undefined {
    for (const b of candidates) {
      if (this.fits(b)) {
        this.add(b);
        return b;
      }
    }
    return undefined;
  }
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
  return cutText(text, max);
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
