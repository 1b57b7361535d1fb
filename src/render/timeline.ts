import type { PaneTiming } from '../core/pane.js';
import {
  requireOptionalBoolean,
  requireOptionalFunction,
  requireOptionalString,
  requireOptions,
  requirePositiveNumber,
} from '../internal/checks.js';
import { END_OF_GLOBAL_WINDOW, MIN_TIMESTAMP, describeValue, type Instant } from '../time.js';
import { windowId, type Window } from '../windows/window.js';
import { explainPane } from './explain.js';
import type { RecordedEvent, RunRecording } from './recording.js';
import { clockTime, num, shortValue, sinceStart, wrap, xml } from './svg.js';

/** Options of {@link renderTimeline}. */
export interface TimelineOptions {
  /** A heading above the picture. */
  readonly title?: string | undefined;
  /** How event times are written. Default `HH:mm:ss` in UTC (with milliseconds when there are some). */
  readonly formatTime?: ((t: Instant) => string) | undefined;
  /** How a pane's value is written beside its mark. Default: `name=value` pairs, cut at 48 characters. */
  readonly formatValue?: ((value: unknown) => string) | undefined;
  /** Whether every pane's {@link explainPane} sentence is listed under the picture. Default true. */
  readonly explain?: boolean | undefined;
  /** Width of one step of processing time (one recorded happening), in px. Default 56. */
  readonly stepWidth?: number | undefined;
  /** Height of the event-time axis, in px. Default 360. */
  readonly height?: number | undefined;
}

/** Colours of pane timings; the legend and the marks use the same ones. */
export const TIMING_COLOURS: Readonly<Record<PaneTiming, string>> = { EARLY: '#2563eb', ON_TIME: '#16a34a', LATE: '#d97706' };
const DROPPED = '#dc2626';
const WATERMARK = '#7c3aed';
const FONT = 'font-family="ui-sans-serif, system-ui, sans-serif"';
const LEFT = 110;
const TOP = 96;
const RIGHT = 280;
const CHAR = 5.6;

/** Whether an instant belongs on the event-time axis (not ±infinity nor the global window's end). */
export const finite = (t: Instant) => t > MIN_TIMESTAMP && t < END_OF_GLOBAL_WINDOW;

/** The distinct windows of a recording's panes and drops, by start then end. */
export function windowsOf(events: readonly RecordedEvent<unknown>[]): Window[] {
  const byId = new Map<string, Window>();
  for (const e of events) {
    const w = e.kind === 'pane' ? e.pane.window : e.kind === 'dropped' ? e.drop.window : undefined;
    if (w !== undefined && !byId.has(windowId(w))) byId.set(windowId(w), w);
  }
  return [...byId.values()].sort((a, b) => a.start - b.start || a.end - b.end);
}

/**
 * Draws a recorded run as a self-contained SVG picture: processing time across (one step per thing
 * that happened, labelled with the time since the start), event time down; windows as bands, elements
 * as dots (hollow when late, red when dropped), the input watermark as a stepped line, and every pane
 * as a mark coloured by timing (EARLY, ON_TIME, LATE) with its key and value, numbered and explained
 * underneath. The picture Beam's documentation draws by hand for its watermark and trigger examples.
 *
 * Marks carry `data-*` attributes (`data-pane`, `data-element`, `data-dropped`, `data-watermark`,
 * `data-window`) so that tests and scripts can read the picture back.
 *
 * @example
 * writeFileSync('run.svg', renderTimeline(recorder.recording, { title: 'user spend' }))
 */
export function renderTimeline(recording: RunRecording<unknown>, options: TimelineOptions = {}): string {
  const events = requireTimeline(recording, options);
  const time = options.formatTime ?? clockTime;
  const value = options.formatValue ?? ((v: unknown) => shortValue(v));
  const step = options.stepWidth ?? 56;
  const height = options.height ?? 360;
  const windows = windowsOf(events);

  const times: Instant[] = [];
  for (const e of events) {
    if (e.kind === 'element') times.push(e.eventTime);
    if (e.kind === 'watermark') times.push(e.watermark);
  }
  for (const w of windows) times.push(w.start, w.end);
  // A loop, not Math.min(...times): spreading a long run's times as arguments overflows the stack.
  let tMin = Number.POSITIVE_INFINITY;
  let tMax = Number.NEGATIVE_INFINITY;
  for (const t of times) {
    if (!finite(t)) continue;
    if (t < tMin) tMin = t;
    if (t > tMax) tMax = t;
  }
  if (tMin > tMax) {
    tMin = 0;
    tMax = 1000;
  }
  if (tMax === tMin) tMax = tMin + 1000;
  const pad = (tMax - tMin) * 0.03;
  tMin -= pad;
  tMax += pad;
  const bottom = TOP + height;
  // Beyond the axis (+inf, the global window's bounds) is drawn just outside it.
  const y = (t: Instant) => (t <= tMin ? TOP - 10 : t >= tMax ? bottom + 14 : TOP + ((t - tMin) / (tMax - tMin)) * height);
  const x = (seq: number) => LEFT + (seq + 0.5) * step;
  const plotRight = LEFT + Math.max(events.length, 1) * step;
  const width = plotRight + RIGHT;
  const start = events.length > 0 ? events[0].processingTime : 0;

  const out: string[] = [];
  const explanations: string[] = [];

  // Windows: alternating bands, with their bounds on the event-time axis.
  out.push('<g data-layer="windows">');
  let lastTickY = Number.NEGATIVE_INFINITY;
  windows.forEach((w, i) => {
    const y0 = Math.max(y(w.start), TOP - 10);
    const y1 = Math.min(y(w.end), bottom + 14);
    out.push(
      `<rect data-window="${xml(windowId(w))}" x="${LEFT}" y="${num(y0)}" width="${num(plotRight - LEFT)}" height="${num(Math.max(y1 - y0, 1))}" ` +
        `fill="${i % 2 === 0 ? '#e2e8f0' : '#f1f5f9'}" fill-opacity="0.7"><title>${xml(`window [${time(w.start)}, ${time(w.end)})`)}</title></rect>`,
    );
    for (const t of [w.start, w.end]) {
      const ty = y(t);
      if (!finite(t) || Math.abs(ty - lastTickY) < 12) continue;
      lastTickY = ty;
      out.push(`<text x="${LEFT - 6}" y="${num(ty + 3)}" text-anchor="end" font-size="10" fill="#334155">${xml(time(t))}</text>`);
    }
  });
  out.push('</g>');

  // Processing time: a label and a dotted line wherever the clock moved.
  out.push('<g data-layer="processing-time">');
  let clock = Number.NaN;
  for (const e of events) {
    if (e.processingTime === clock) continue;
    clock = e.processingTime;
    const px = LEFT + e.seq * step;
    out.push(`<line x1="${num(px)}" y1="${TOP - 22}" x2="${num(px)}" y2="${bottom + 24}" stroke="#94a3b8" stroke-dasharray="2 3"/>`);
    out.push(`<text x="${num(px + 3)}" y="${TOP - 26}" font-size="10" fill="#475569">${xml(sinceStart(e.processingTime, start))}</text>`);
  }
  out.push('</g>');

  // The input watermark, as a step line from its first value on.
  let wm = MIN_TIMESTAMP;
  let path = '';
  let lastX = LEFT;
  for (const e of events) {
    if (e.kind !== 'watermark' || e.watermark <= wm) continue;
    const px = LEFT + e.seq * step;
    path += path === '' ? `M${num(px)} ${num(y(e.watermark))}` : ` H${num(px)} V${num(y(e.watermark))}`;
    wm = e.watermark;
    lastX = px;
  }
  if (path !== '') {
    path += ` H${num(plotRight)}`;
    out.push(`<path data-watermark="true" d="${path}" fill="none" stroke="${WATERMARK}" stroke-width="2"/>`);
    out.push(
      `<text x="${num(Math.max(lastX, plotRight - 90))}" y="${num(y(wm) - 5)}" font-size="10" fill="${WATERMARK}">${xml(`watermark ${finite(wm) ? time(wm) : clockTime(wm)}`)}</text>`,
    );
  }

  // Elements and panes, one step each, in the order they happened.
  const dropsOf = new Map<number, (Window | undefined)[]>();
  for (const e of events) {
    if (e.kind === 'dropped' && e.element !== undefined) dropsOf.set(e.element, [...(dropsOf.get(e.element) ?? []), e.drop.window]);
  }
  wm = MIN_TIMESTAMP;
  let paneNo = 0;
  for (const e of events) {
    if (e.kind === 'watermark') wm = Math.max(wm, e.watermark);
    if (e.kind === 'element') {
      const dropped = dropsOf.get(e.seq);
      const late = e.eventTime < wm;
      const colour = dropped !== undefined ? DROPPED : '#0f172a';
      const what = `${e.label} at event time ${time(e.eventTime)}, arrived ${sinceStart(e.processingTime, start)}` +
        (dropped === undefined
          ? late ? ', late' : ''
          : dropped[0] === undefined
            ? ', dropped: the window function gave it no window'
            : `, dropped from ${dropped.map((w) => (w === undefined ? 'no window' : `[${time(w.start)}, ${time(w.end)})`)).join(', ')}`);
      out.push(
        `<g data-element="${e.seq}"${late ? ' data-late="true"' : ''}${dropped !== undefined ? ' data-dropped="true"' : ''}>` +
          `<circle cx="${num(x(e.seq))}" cy="${num(y(e.eventTime))}" r="5" fill="${late && dropped === undefined ? '#ffffff' : colour}" stroke="${colour}" stroke-width="2"/>` +
          `<text x="${num(x(e.seq) + 8)}" y="${num(y(e.eventTime) + 3)}" font-size="9" fill="${colour}">${xml(e.label)}</text>` +
          `<title>${xml(what)}</title></g>`,
      );
    }
    if (e.kind === 'pane') {
      const p = e.pane;
      const n = ++paneNo;
      const { timing, isLast } = p.pane;
      const px = x(e.seq);
      const py = Math.min(y(p.window.end), bottom + 14);
      const label = `#${n} ${timing} ${typeof p.key === 'string' ? p.key : shortValue(p.key)} ${value(p.value)}`;
      const sentence = explainPane(p, e.firing, { formatTime: time, formatProcessingTime: (t) => sinceStart(t, start) });
      explanations.push(`#${n} ${sentence}`);
      out.push(
        `<g data-pane="${n}" data-timing="${timing}" data-cause="${e.firing.cause}"${isLast ? ' data-last="true"' : ''}>` +
          `<rect x="${num(px - 7)}" y="${num(py - 7)}" width="14" height="14" rx="3" fill="${TIMING_COLOURS[timing]}" ` +
          `stroke="${isLast ? '#0f172a' : '#ffffff'}" stroke-width="${isLast ? 2 : 1}"${e.firing.cause === 'garbageCollection' ? ' stroke-dasharray="3 2"' : ''}/>` +
          `<text transform="translate(${num(px + 6)} ${num(py - 9)}) rotate(-30)" font-size="10" fill="${TIMING_COLOURS[timing]}">${xml(label)}</text>` +
          `<title>${xml(sentence)}</title></g>`,
      );
    }
  }

  const wrapAt = Math.max(60, Math.floor((width - 40) / CHAR));
  const listTop = bottom + 60;
  const lines = options.explain === false ? [] : explanations.flatMap((s) => wrap(s, wrapAt).map((l, i) => (i === 0 ? l : `    ${l}`)));
  const total = listTop + lines.length * 14 + 10;
  const head = [
    `<svg xmlns="http://www.w3.org/2000/svg" data-timeline="true" width="${num(width)}" height="${num(total)}" viewBox="0 0 ${num(width)} ${num(total)}" ${FONT}>`,
    `<title>${xml(options.title ?? 'event-time run')}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="12" y="22" font-size="15" font-weight="bold" fill="#0f172a">${xml(options.title ?? 'event-time run')}</text>`,
    legend(),
    `<text x="${num(plotRight + 8)}" y="${TOP - 26}" font-size="10" fill="#475569">processing time →</text>`,
    `<text transform="translate(14 ${TOP + height / 2}) rotate(90)" font-size="10" fill="#475569" text-anchor="middle">event time →</text>`,
  ];
  const list = lines.map(
    (l, i) => `<text data-explanation="true" x="12" y="${num(listTop + i * 14)}" font-size="10" fill="#1e293b" xml:space="preserve">${xml(l)}</text>`,
  );
  return [...head, ...out, ...list, '</svg>', ''].join('\n');
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
  if (options.height !== undefined) requirePositiveNumber(op, 'height', options.height, 'px');
  return events;
}

function legend(): string {
  const items: string[] = [];
  let lx = 12;
  const add = (shape: (x: number) => string, text: string) => {
    items.push(shape(lx), `<text x="${num(lx + 16)}" y="46" font-size="10" fill="#334155">${xml(text)}</text>`);
    lx += 26 + text.length * CHAR;
  };
  for (const timing of ['EARLY', 'ON_TIME', 'LATE'] as const) {
    add((x) => `<rect x="${num(x)}" y="36" width="12" height="12" rx="3" fill="${TIMING_COLOURS[timing]}"/>`, `${timing} pane`);
  }
  add((x) => `<rect x="${num(x)}" y="36" width="12" height="12" rx="3" fill="#94a3b8" stroke="#0f172a" stroke-width="2"/>`, 'last pane');
  add((x) => `<rect x="${num(x)}" y="36" width="12" height="12" rx="3" fill="#94a3b8" stroke="#0f172a" stroke-dasharray="3 2"/>`, 'garbage collection');
  add((x) => `<circle cx="${num(x + 6)}" cy="42" r="5" fill="#0f172a"/>`, 'element');
  add((x) => `<circle cx="${num(x + 6)}" cy="42" r="5" fill="#ffffff" stroke="#0f172a" stroke-width="2"/>`, 'late element');
  add((x) => `<circle cx="${num(x + 6)}" cy="42" r="5" fill="${DROPPED}"/>`, 'dropped element');
  add((x) => `<line x1="${num(x)}" y1="42" x2="${num(x + 12)}" y2="42" stroke="${WATERMARK}" stroke-width="2"/>`, 'watermark');
  return `<g data-layer="legend">${items.join('')}</g>`;
}
