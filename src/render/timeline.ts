import {
  requireOptionalBoolean,
  requireOptionalFunction,
  requireOptionalString,
  requireOptions,
  requirePositiveNumber,
} from '../internal/checks.js';
import { MIN_TIMESTAMP, describeValue, type Instant } from '../time.js';
import { escapeControls } from '../internal/text.js';
import { windowId } from '../windows/window.js';
import { explainPane } from './explain.js';
import type { RecordedEvent, RunRecording } from './recording.js';
import { Placer, clockTime, cutText, num, shortValue, sinceStart, textWidth, wrap, xml, type Box } from './svg.js';
import { DROPPED, TIMING_COLOURS, countedMarks, retractionShape, singleMarks, textBox } from './timelineMarks.js';
import { eventTimeAxis, eventTimeRange, finite, windowsOf } from './timelineScale.js';

/**
 * Options of {@link renderTimeline}.
 *
 * @category Rendering
 */
export interface TimelineOptions {
  /** A heading above the picture. */
  readonly title?: string | undefined;
  /** How event times are written. Default `HH:mm:ss` in UTC (with milliseconds when there are some). */
  readonly formatTime?: ((t: Instant) => string) | undefined;
  /** How a pane's value is written beside its mark. Default: `name=value` pairs, cut at 48 characters. */
  readonly formatValue?: ((value: unknown) => string) | undefined;
  /**
   * Whether panes are explained under the picture: the trigger once, then one short sentence a pane
   * ({@link explainPane} with `brief`), as many as fit; each pane's tooltip has its full sentence.
   * Default true.
   */
  readonly explain?: boolean | undefined;
  /** Width of the whole picture, in px; everything is drawn inside it. Default 1200. */
  readonly width?: number | undefined;
  /**
   * Height of the whole picture, in px; everything is drawn inside it, and the explanations get at most
   * 40% of it. Default: a 360 px event-time axis and up to 30 lines of explanations.
   */
  readonly height?: number | undefined;
  /**
   * Widest step of processing time (one recorded happening), in px. Default 56. Steps narrow to fit
   * the width; below 6 px marks are counted per cell of the picture instead of drawn one by one.
   */
  readonly stepWidth?: number | undefined;
}

export { TIMING_COLOURS } from './timelineMarks.js';
const WATERMARK = '#7c3aed';
const FONT = 'font-family="ui-sans-serif, system-ui, sans-serif"';

/**
 * Draws a recorded run as a self-contained SVG picture of the requested size: processing time across
 * (one step per thing that happened, labelled with the time since the start), event time down; windows
 * as bands, elements as dots (hollow when late, red when dropped), the input watermark as a stepped
 * line, and every pane as a mark coloured by timing (EARLY, ON_TIME, LATE) with its key and value,
 * numbered and explained underneath. The picture Beam's documentation draws by hand for its watermark
 * and trigger examples.
 *
 * Labels are horizontal and never overlap: one that does not fit beside its mark is cut, then left
 * out (the mark's tooltip still has it). A run too long for one step a mark is drawn as counts: one
 * mark for the panes (and one for the elements) that fall into each 12 px cell, coloured by the most
 * common timing, its tooltip saying how many of each.
 *
 * Marks carry `data-*` attributes (`data-pane`, `data-element`, `data-dropped`, `data-watermark`,
 * `data-window`; counted cells `data-panes` and `data-elements` with their counts) so that tests and
 * scripts can read the picture back.
 *
 * @param recording - The run, from {@link recordRun}.
 * @param options - The picture's `title`, formats of times and values, `explain`, and size.
 *
 * @example
 * writeFileSync('run.svg', renderTimeline(recorder.recording, { title: 'user spend', width: 1200, height: 600 }))
 *
 * @category Rendering
 */
export function renderTimeline(recording: RunRecording<unknown>, options: TimelineOptions = {}): string {
  const events = requireTimeline(recording, options);
  const time = options.formatTime ?? clockTime;
  const value = options.formatValue ?? ((v: unknown) => shortValue(v));
  const width = options.width ?? 1200;
  const title = options.title ?? 'event-time run';
  const windows = windowsOf(events);
  const start = events.length > 0 ? events[0].processingTime : 0;
  const since = (t: Instant) => sinceStart(t, start);

  const head = legend(width, events.some((e) => e.kind === 'pane' && e.pane.retraction === true));
  const top = head.bottom + 44;
  const { tMin, tMax } = eventTimeRange(events, windows);
  const ticks: [Instant, string][] = [];
  for (const w of windows) for (const t of [w.start, w.end]) if (finite(t)) ticks.push([t, time(t)]);
  let left = 64;
  for (const [, text] of ticks) left = Math.max(left, 16 + textWidth(text, 10));
  const step = Math.min(options.stepWidth ?? 56, (width - 16 - left) / Math.max(events.length, 1));
  const counted = step < 6;
  const plotRight = left + Math.max(events.length, 1) * step;

  // The explanations, as many whole paragraphs as the height leaves room for.
  const wrapAt = Math.floor((width - 24) / 6.2);
  const paneCount = events.reduce((n, e) => (e.kind === 'pane' ? n + 1 : n), 0);
  const budget = options.height === undefined ? 30 : Math.floor((0.4 * options.height) / 14);
  const lines = options.explain === false || paneCount === 0 ? [] : explanationLines(events, budget, wrapAt, counted, time, since);
  const height = options.height ?? top + 360 + 34 + lines.length * 14;
  const bottom = height - 34 - lines.length * 14;
  if (bottom - top < 60) {
    throw new RangeError(`renderTimeline: height must be at least ${Math.ceil(height - bottom + top + 60)} px for the title, legend and an axis at width ${width}, got ${height}`);
  }
  const y = eventTimeAxis(tMin, tMax, top, bottom);
  const x = (seq: number) => left + (seq + 0.5) * step;
  const place = new Placer(width, height);
  place.add({ x: 0, y: 0, w: width, h: head.bottom + 4 });
  place.add({ x: 0, y: bottom + 31, w: width, h: height });

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" data-timeline="true" width="${num(width)}" height="${num(height)}" viewBox="0 0 ${num(width)} ${num(height)}" ${FONT}>`,
    `<title>${xml(title)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="12" y="22" font-size="15" font-weight="bold" fill="#0f172a">${xml(cutText(escapeControls(title), Math.floor((width - 24) / textWidth('m', 15))))}</text>`,
    head.svg,
  ];
  const label = (text: string, b: Box | undefined, fs: number, fill: string, attrs = '') =>
    b === undefined ? '' : `<text${attrs} x="${num(b.x)}" y="${num(b.y + fs)}" font-size="${fs}" fill="${fill}">${xml(text)}</text>`;
  const ptLabel = 'processing time →';
  out.push(label(ptLabel, place.take([textBox(width - 12 - textWidth(ptLabel, 10), top - 26, ptLabel, 10)]), 10, '#475569'));
  out.push(label('event time ↓', place.take([textBox(12, top - 12, 'event time ↓', 10)]), 10, '#475569'));

  // Windows: alternating bands (one per 4 px at most), with their bounds on the event-time axis.
  out.push('<g data-layer="windows">');
  let lastBand = Number.NEGATIVE_INFINITY;
  windows.forEach((w, i) => {
    const y0 = Math.max(y(w.start), top - 10);
    const y1 = Math.min(y(w.end), bottom + 14);
    if (y0 - lastBand < 4) return;
    lastBand = y0;
    out.push(
      `<rect data-window="${xml(windowId(w))}" x="${num(left)}" y="${num(y0)}" width="${num(plotRight - left)}" height="${num(Math.max(y1 - y0, 1))}" ` +
        `fill="${i % 2 === 0 ? '#e2e8f0' : '#f1f5f9'}" fill-opacity="0.7"><title>${xml(`window [${time(w.start)}, ${time(w.end)})`)}</title></rect>`,
    );
  });
  for (const [t, text] of ticks) {
    const b = textBox(left - 6 - textWidth(text, 10), y(t) + 3, text, 10);
    out.push(label(text, place.take([b]), 10, '#334155'));
  }
  out.push('</g>');

  // Processing time: a label where the clock moved and there is room, a dotted line at each move
  // (at each labelled one when marks are counted).
  out.push('<g data-layer="processing-time">');
  let clock = Number.NaN;
  for (const e of events) {
    if (e.processingTime === clock) continue;
    clock = e.processingTime;
    const px = left + e.seq * step;
    const text = since(e.processingTime);
    const b = place.take([textBox(px + 3, top - 26, text, 10)]);
    if (b === undefined && counted) continue;
    out.push(`<line x1="${num(px)}" y1="${top - 22}" x2="${num(px)}" y2="${bottom + 24}" stroke="#94a3b8" stroke-dasharray="2 3"/>`);
    out.push(label(text, b, 10, '#475569'));
  }
  out.push('</g>');

  // The input watermark, as a step line from its first value on, one corner per pixel column at most.
  let wm = MIN_TIMESTAMP;
  const corners: [number, number][] = [];
  for (const e of events) {
    if (e.kind !== 'watermark' || e.watermark <= wm) continue;
    wm = e.watermark;
    const px = Math.round(left + e.seq * step);
    if (corners.length > 0 && corners[corners.length - 1][0] === px) corners[corners.length - 1][1] = y(wm);
    else corners.push([px, y(wm)]);
  }
  const context = { x, y, top, bottom, place, time, since, value };
  const marks = counted ? countedMarks(events, context) : singleMarks(events, context);
  if (corners.length > 0) {
    const path = corners.map(([px, py], i) => (i === 0 ? `M${num(px)} ${num(py)}` : ` H${num(px)} V${num(py)}`)).join('') + ` H${num(plotRight)}`;
    out.push(`<path data-watermark="true" d="${path}" fill="none" stroke="${WATERMARK}" stroke-width="2"/>`);
    const text = `watermark ${finite(wm) ? time(wm) : clockTime(wm)}`;
    const [lastX, wy] = corners[corners.length - 1];
    const tw = textWidth(text, 10);
    const at = (lx: number, base: number) => textBox(Math.max(left, Math.min(lx, plotRight - tw)), base, text, 10);
    out.push(label(text, place.take([at(plotRight - tw, wy - 5), at(lastX + 4, wy - 5), at(plotRight - tw, wy + 13), at(lastX + 4, wy + 13)]), 10, WATERMARK));
  }
  out.push(...marks);
  const listTop = bottom + 44;
  lines.forEach((l, i) => out.push(`<text data-explanation="true" x="12" y="${num(listTop + i * 14)}" font-size="10" fill="#1e293b" xml:space="preserve">${xml(l)}</text>`));
  return [...out.filter((part) => part !== ''), '</svg>', ''].join('\n');
}

/**
 * The lines under the picture: the whole trigger once, then a short sentence a pane, whole paragraphs
 * only, at most `budget` lines; the last one says how many panes are left out.
 */
function explanationLines(
  events: readonly RecordedEvent<unknown>[],
  budget: number,
  wrapAt: number,
  counted: boolean,
  time: (t: Instant) => string,
  since: (t: Instant) => string,
): string[] {
  const roots = new Set<string>();
  let panes = 0;
  for (const e of events) {
    if (e.kind !== 'pane') continue;
    panes++;
    if (e.firing.readyTriggers.length > 0) roots.add(e.firing.readyTriggers[0]);
  }
  const paragraph = (text: string) => wrap(text, wrapAt).map((l, i) => (i === 0 ? l : `    ${l}`));
  const lines = [...roots].flatMap((r) => paragraph(`Trigger: ${r}`));
  let n = 0;
  for (const e of events) {
    if (e.kind !== 'pane') continue;
    const more = paragraph(`#${n + 1} ${explainPane(e.pane, e.firing, { formatTime: time, formatProcessingTime: since, brief: true })}`);
    const room = n + 1 === panes ? budget : budget - 1;
    if (lines.length + more.length > room) break;
    lines.push(...more);
    n++;
  }
  if (n < panes) {
    const rest = `… and ${panes - n} more pane${panes - n === 1 ? '' : 's'}${counted ? '' : ' (each pane’s tooltip explains it)'}`;
    if (lines.length >= budget) lines.length = Math.max(budget - 1, 0);
    if (budget > 0) lines.push(cutText(rest, wrapAt));
  }
  return lines;
}
/** Checks the arguments of {@link renderTimeline} and returns the recorded events. */
function requireTimeline(recording: RunRecording<unknown>, options: TimelineOptions): readonly RecordedEvent<unknown>[] {
  const op = 'renderTimeline';
  const events = (recording as Partial<RunRecording<unknown>> | null)?.events;
  if (typeof recording !== 'object' || recording === null || !Array.isArray(events)) {
    throw new TypeError(`${op}: recording must be a RunRecording (recordRun(...).recording) with an events array, got ${describeValue(recording)}`);
  }
  requireOptions(op, options);
  requireOptionalString(op, 'title', options.title);
  requireOptionalFunction(op, 'formatTime', options.formatTime);
  requireOptionalFunction(op, 'formatValue', options.formatValue);
  requireOptionalBoolean(op, 'explain', options.explain);
  if (options.stepWidth !== undefined) requirePositiveNumber(op, 'stepWidth', options.stepWidth, 'px');
  if (options.width !== undefined) requirePositiveNumber(op, 'width', options.width, 'px');
  if (options.width !== undefined && options.width < 320) throw new RangeError(`${op}: width must be at least 320 px, got ${options.width}`);
  if (options.height !== undefined) requirePositiveNumber(op, 'height', options.height, 'px');
  return events;
}

/** The legend under the title, in as many rows as the width needs; `bottom` is its lowest pixel. Retractions only when the run has some. */
function legend(width: number, retractions: boolean): { svg: string; bottom: number } {
  const items: string[] = [];
  let lx = 12;
  let row = 0;
  const add = (shape: (x: number, cy: number) => string, text: string) => {
    const w = 16 + textWidth(text, 10);
    if (lx > 12 && lx + w > width - 12) {
      lx = 12;
      row++;
    }
    const cy = 42 + row * 18;
    items.push(shape(lx, cy), `<text x="${num(lx + 16)}" y="${cy + 4}" font-size="10" fill="#334155">${xml(text)}</text>`);
    lx += w + 10;
  };
  for (const timing of ['EARLY', 'ON_TIME', 'LATE'] as const) {
    add((x, cy) => `<rect x="${num(x)}" y="${cy - 6}" width="12" height="12" rx="3" fill="${TIMING_COLOURS[timing]}"/>`, `${timing} pane`);
  }
  add((x, cy) => `<rect x="${num(x)}" y="${cy - 6}" width="12" height="12" rx="3" fill="#94a3b8" stroke="#0f172a" stroke-width="2"/>`, 'last pane');
  add((x, cy) => `<rect x="${num(x)}" y="${cy - 6}" width="12" height="12" rx="3" fill="#94a3b8" stroke="#0f172a" stroke-dasharray="3 2"/>`, 'garbage collection');
  if (retractions) add((x, cy) => retractionShape(x + 6, cy, 6, '#94a3b8'), 'retraction (withdraws a pane)');
  add((x, cy) => `<circle cx="${num(x + 6)}" cy="${cy}" r="5" fill="#0f172a"/>`, 'element');
  add((x, cy) => `<circle cx="${num(x + 6)}" cy="${cy}" r="5" fill="#ffffff" stroke="#0f172a" stroke-width="2"/>`, 'late element');
  add((x, cy) => `<circle cx="${num(x + 6)}" cy="${cy}" r="5" fill="${DROPPED}"/>`, 'dropped element');
  add((x, cy) => `<line x1="${num(x)}" y1="${cy}" x2="${num(x + 12)}" y2="${cy}" stroke="${WATERMARK}" stroke-width="2"/>`, 'watermark');
  return { svg: `<g data-layer="legend">${items.join('')}</g>`, bottom: 49 + row * 18 };
}
