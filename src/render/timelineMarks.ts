/** The marks of a timeline picture: one a pane and an element, or counts per cell of a long run. */
import type { PaneTiming } from '../core/pane.js';
import type { Instant } from '../time.js';
import type { Window } from '../windows/window.js';
import { explainPane } from './explain.js';
import type { RecordedEvent } from './recording.js';
import { Placer, cutText, num, shortValue, textWidth, xml, type Box } from './svg.js';
import { escapeControls } from '../internal/text.js';

/** Colours of pane timings; the legend and the marks use the same ones. */
export const TIMING_COLOURS: Readonly<Record<PaneTiming, string>> = { EARLY: '#2563eb', ON_TIME: '#16a34a', LATE: '#d97706' };
/** Colour of dropped elements. */
export const DROPPED = '#dc2626';
/**
 * The mark of a retraction, centred at (cx, cy) with half-side `h`: a hollow square in the timing's
 * colour, struck through, so that a withdrawn pane never reads as a pane that adds to the result.
 */
export function retractionShape(cx: number, cy: number, h: number, colour: string): string {
  return (
    `<rect x="${num(cx - h)}" y="${num(cy - h)}" width="${2 * h}" height="${2 * h}" rx="3" fill="#ffffff" stroke="${colour}" stroke-width="2"/>` +
    `<line x1="${num(cx - h + 2)}" y1="${num(cy + h - 2)}" x2="${num(cx + h - 2)}" y2="${num(cy - h + 2)}" stroke="${colour}" stroke-width="2"/>`
  );
}

/** Side of a cell when marks are counted, in px. */
const CELL = 12;

/** The box of a text whose baseline starts at (x, baseline). */
export function textBox(x: number, baseline: number, text: string, fontSize: number): Box {
  return { x, y: baseline - fontSize, w: textWidth(text, fontSize), h: fontSize * 1.3 };
}

/** What the marks need to know of the picture. */
export interface MarkContext {
  readonly x: (seq: number) => number;
  readonly y: (t: Instant) => number;
  readonly top: number;
  readonly bottom: number;
  readonly place: Placer;
  readonly time: (t: Instant) => string;
  readonly since: (t: Instant) => string;
  readonly value: (v: unknown) => string;
}

/** Where to try a label of width `w` beside a mark at (px, py): right then left, above then below, then higher. */
function* besides(px: number, py: number, w: number, gap: number, fs: number): Generator<Box> {
  const h = fs * 1.3;
  for (const base of [py - gap + 1, py + gap + fs - 1, py - gap + 1 - 13, py - gap + 1 - 26, py + gap + fs - 1 + 13]) {
    yield { x: px + gap + 2, y: base - fs, w, h };
    yield { x: px - gap - 2 - w, y: base - fs, w, h };
  }
}

/** Places a label beside a mark: whole if it fits somewhere, else cut to the room on the right, else not at all. */
function placeLabel(place: Placer, px: number, py: number, text: string, gap: number, fs: number, shortest: number): { text: string; box: Box } | undefined {
  const visible = escapeControls(text);
  const whole = place.take(besides(px, py, textWidth(visible, fs), gap, fs));
  if (whole !== undefined) return { text: visible, box: whole };
  for (let chars = Math.min(visible.length - 1, 60); chars >= shortest; chars = Math.floor(chars * 0.7)) {
    const cut = cutText(visible, chars);
    const box = place.take(besides(px, py, textWidth(cut, fs), gap, fs));
    if (box !== undefined) return { text: cut, box };
  }
  return undefined;
}

const textAt = (l: { text: string; box: Box } | undefined, fs: number, fill: string) =>
  l === undefined ? '' : `<text x="${num(l.box.x)}" y="${num(l.box.y + fs)}" font-size="${fs}" fill="${fill}">${xml(l.text)}</text>`;

/** Which windows each element was dropped from, by the element's step. */
function dropsByElement(events: readonly RecordedEvent<unknown>[]): Map<number, (Window | undefined)[]> {
  const dropsOf = new Map<number, (Window | undefined)[]>();
  for (const e of events) {
    if (e.kind !== 'dropped' || e.element === undefined) continue;
    const list = dropsOf.get(e.element);
    if (list === undefined) dropsOf.set(e.element, [e.drop.window]);
    else list.push(e.drop.window);
  }
  return dropsOf;
}

/**
 * One mark a pane and an element, in the order they happened. Marks are obstacles first; labels go
 * next, panes' before elements', each where it overlaps nothing.
 */
export function singleMarks(events: readonly RecordedEvent<unknown>[], c: MarkContext): string[] {
  const { x, y, bottom, place, time, since } = c;
  const dropsOf = dropsByElement(events);
  const paneY = (t: Instant) => Math.min(y(t), bottom + 14);
  for (const e of events) {
    if (e.kind === 'element') place.add({ x: x(e.seq) - 6, y: y(e.eventTime) - 6, w: 12, h: 12 });
    if (e.kind === 'pane') place.add({ x: x(e.seq) - 8, y: paneY(e.pane.window.end) - 8, w: 16, h: 16 });
  }
  const paneLabels = new Map<number, string>();
  let paneNo = 0;
  for (const e of events) {
    if (e.kind !== 'pane') continue;
    const p = e.pane;
    const text = `#${++paneNo} ${p.retraction === true ? 'retracts ' : ''}${p.pane.timing} ${typeof p.key === 'string' ? p.key : shortValue(p.key)} ${c.value(p.value)}`;
    paneLabels.set(e.seq, textAt(placeLabel(place, x(e.seq), paneY(p.window.end), text, 7, 10, 3), 10, TIMING_COLOURS[p.pane.timing]));
  }
  const out: string[] = [];
  let wm = Number.NEGATIVE_INFINITY;
  paneNo = 0;
  for (const e of events) {
    if (e.kind === 'watermark') wm = Math.max(wm, e.watermark);
    if (e.kind === 'element') {
      const dropped = dropsOf.get(e.seq);
      const late = e.eventTime < wm;
      const colour = dropped !== undefined ? DROPPED : '#0f172a';
      const what = `${e.label} at event time ${time(e.eventTime)}, arrived ${since(e.processingTime)}` +
        (dropped === undefined
          ? late ? ', late' : ''
          : dropped[0] === undefined
            ? ', dropped: the window function gave it no window'
            : `, dropped from ${dropped.map((w) => (w === undefined ? 'no window' : `[${time(w.start)}, ${time(w.end)})`)).join(', ')}`);
      const cx = x(e.seq);
      const cy = y(e.eventTime);
      out.push(
        `<g data-element="${e.seq}"${late ? ' data-late="true"' : ''}${dropped !== undefined ? ' data-dropped="true"' : ''}>` +
          `<circle cx="${num(cx)}" cy="${num(cy)}" r="5" fill="${late && dropped === undefined ? '#ffffff' : colour}" stroke="${colour}" stroke-width="2"/>` +
          textAt(placeLabel(place, cx, cy + 8, e.label, 5, 9, 2), 9, colour) +
          `<title>${xml(what)}</title></g>`,
      );
    }
    if (e.kind === 'pane') {
      const n = ++paneNo;
      const { timing, isLast } = e.pane.pane;
      const px = x(e.seq);
      const py = paneY(e.pane.window.end);
      const sentence = explainPane(e.pane, e.firing, { formatTime: time, formatProcessingTime: since });
      const retraction = e.pane.retraction === true;
      out.push(
        `<g data-pane="${n}" data-timing="${timing}" data-cause="${e.firing.cause}"${isLast ? ' data-last="true"' : ''}${retraction ? ' data-retraction="true"' : ''}>` +
          (retraction
            ? retractionShape(px, py, 7, TIMING_COLOURS[timing])
            : `<rect x="${num(px - 7)}" y="${num(py - 7)}" width="14" height="14" rx="3" fill="${TIMING_COLOURS[timing]}" ` +
              `stroke="${isLast ? '#0f172a' : '#ffffff'}" stroke-width="${isLast ? 2 : 1}"${e.firing.cause === 'garbageCollection' ? ' stroke-dasharray="3 2"' : ''}/>`) +
          (paneLabels.get(e.seq) ?? '') +
          `<title>${xml(`#${n} ${sentence}`)}</title></g>`,
      );
    }
  }
  return out;
}

interface Cell {
  readonly cx: number;
  readonly cy: number;
  n: number;
  first: number;
  last: number;
  readonly timings: Record<PaneTiming, number>;
  late: number;
  dropped: number;
  retractions: number;
}

/**
 * Marks of a run too long for one mark each: panes and elements counted per cell of CELL px, so the
 * number of nodes is bounded by the picture's size, not the run's length.
 */
export function countedMarks(events: readonly RecordedEvent<unknown>[], c: MarkContext): string[] {
  const { x, y, bottom, place } = c;
  const dropsOf = dropsByElement(events);
  const panes = new Map<string, Cell>();
  const elements = new Map<string, Cell>();
  const cellOf = (cells: Map<string, Cell>, px: number, py: number, n: number) => {
    const col = Math.floor(px / CELL);
    const row = Math.floor(py / CELL);
    const id = `${col}:${row}`;
    let cell = cells.get(id);
    if (cell === undefined) {
      cell = { cx: (col + 0.5) * CELL, cy: (row + 0.5) * CELL, n: 0, first: n, last: n, timings: { EARLY: 0, ON_TIME: 0, LATE: 0 }, late: 0, dropped: 0, retractions: 0 };
      cells.set(id, cell);
    }
    cell.n++;
    cell.last = n;
    return cell;
  };
  let wm = Number.NEGATIVE_INFINITY;
  let paneNo = 0;
  for (const e of events) {
    if (e.kind === 'watermark') wm = Math.max(wm, e.watermark);
    if (e.kind === 'element') {
      const cell = cellOf(elements, x(e.seq), y(e.eventTime), e.seq);
      if (dropsOf.has(e.seq)) cell.dropped++;
      else if (e.eventTime < wm) cell.late++;
    }
    if (e.kind === 'pane') {
      const cell = cellOf(panes, x(e.seq), Math.min(y(e.pane.window.end), bottom + 14), ++paneNo);
      cell.timings[e.pane.pane.timing]++;
      if (e.pane.retraction === true) cell.retractions++;
    }
  }
  for (const cell of [...panes.values(), ...elements.values()]) place.add({ x: cell.cx - 6, y: cell.cy - 6, w: 12, h: 12 });
  const out: string[] = [];
  for (const cell of elements.values()) {
    const colour = cell.dropped > 0 ? DROPPED : '#0f172a';
    const hollow = cell.dropped === 0 && cell.late === cell.n;
    const what = `${cell.n} element${cell.n === 1 ? '' : 's'}${cell.late > 0 ? `, ${cell.late} late` : ''}${cell.dropped > 0 ? `, ${cell.dropped} dropped` : ''}`;
    out.push(
      `<g data-elements="${cell.n}"${cell.late > 0 ? ` data-late="${cell.late}"` : ''}${cell.dropped > 0 ? ` data-dropped="${cell.dropped}"` : ''}>` +
        `<circle cx="${num(cell.cx)}" cy="${num(cell.cy)}" r="${cell.n === 1 ? 3 : 4.5}" fill="${hollow ? '#ffffff' : colour}" stroke="${colour}" stroke-width="1.5"/>` +
        `<title>${xml(what)}</title></g>`,
    );
  }
  for (const cell of panes.values()) {
    const order = (['ON_TIME', 'EARLY', 'LATE'] as const).filter((t) => cell.timings[t] > 0).sort((a, b) => cell.timings[b] - cell.timings[a]);
    const numbers = cell.n === 1 ? `#${cell.first}` : `#${cell.first}–#${cell.last}`;
    const withdrawn = cell.retractions === 0 ? '' : `, of which ${cell.retractions} retraction${cell.retractions === 1 ? '' : 's'}`;
    const what = `${cell.n} pane${cell.n === 1 ? '' : 's'} (${numbers}): ${order.map((t) => `${cell.timings[t]} ${t}`).join(', ')}${withdrawn}`;
    const count = cell.n > 1 ? placeLabel(place, cell.cx, cell.cy, String(cell.n), 5, 9, 99) : undefined;
    out.push(
      `<g data-panes="${cell.n}" data-timing="${order[0]}"${cell.retractions > 0 ? ` data-retractions="${cell.retractions}"` : ''}>` +
        `<rect x="${num(cell.cx - 5)}" y="${num(cell.cy - 5)}" width="10" height="10" rx="2" fill="${TIMING_COLOURS[order[0]]}" stroke="#ffffff" stroke-width="1"/>` +
        textAt(count, 9, TIMING_COLOURS[order[0]]) +
        `<title>${xml(what)}</title></g>`,
    );
  }
  return out;
}
